"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `rnn`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function or class (`torch`, `F` and `nn` are already imported there). The
reference `rnn_forward` does not call `rnn_cell`, and `sine_train_step`/`predict_sine` are handed
the kit's model, so a wrong answer costs points on its own function only."""

import torch
import torch.nn.functional as F
from torch import nn

from tests.kit.mutants.variants import alternative, mistake

# -- rnn_cell ------------------------------------------------------------------------------------------


@mistake("rnn_cell", "sigmoid instead of tanh")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch.sigmoid(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)


@mistake("rnn_cell", "tanh missing")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return x @ w_ih.T + b_ih + h @ w_hh.T + b_hh


@mistake("rnn_cell", "b_hh missing")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T)


@mistake("rnn_cell", "w_hh applied to x")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch.tanh(x @ w_hh.T + b_ih + h @ w_ih.T + b_hh)


@mistake("rnn_cell", "weights not transposed")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch.tanh(x @ w_ih + b_ih + h @ w_hh + b_hh)


@mistake("rnn_cell", "nn.RNNCell's own kernel")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch.rnn_tanh_cell(x, h, w_ih, w_hh, b_ih, b_hh)


@mistake("rnn_cell", "through torch._VF")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch._VF.rnn_tanh_cell(x, h, w_ih, w_hh, b_ih, b_hh)


@mistake("rnn_cell", "sum started from CPU zeros")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        total = torch.zeros(x.shape[0], w_ih.shape[0], dtype=x.dtype)
        total = total + x @ w_ih.T + b_ih
        total = total + h @ w_hh.T + b_hh
        return torch.tanh(total)


@mistake("rnn_cell", "h detached")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch.tanh(x @ w_ih.T + b_ih + h.detach() @ w_hh.T + b_hh)


@mistake("rnn_cell", "biases added into b_ih in place")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        bias = b_ih
        bias += b_hh
        return torch.tanh(x @ w_ih.T + h @ w_hh.T + bias)


@mistake("rnn_cell", "ReLU instead of tanh")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch.relu(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)


@alternative("rnn_cell", "F.linear twice")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        return torch.tanh(F.linear(x, w_ih, b_ih) + F.linear(h, w_hh, b_hh))


@alternative("rnn_cell", "tanh from exp")
def _():
    def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
        s = torch.addmm(b_ih, x, w_ih.t()) + torch.addmm(b_hh, h, w_hh.t())
        return 2 * torch.sigmoid(2 * s) - 1


# -- rnn_forward ---------------------------------------------------------------------------------------


@mistake("rnn_forward", "every layer reads x")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        x = x.transpose(0, 1) if batch_first else x
        outs, last = x, []
        for i, p in enumerate(layers):
            h, steps = h0[i], []
            for t in range(x.shape[0]):
                h = torch.tanh(x[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
                steps.append(h)
            outs = torch.stack(steps)
            last.append(h)
        return (outs.transpose(0, 1) if batch_first else outs), torch.stack(last)


@mistake("rnn_forward", "h_n from the first step")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        inputs = x.transpose(0, 1) if batch_first else x
        first = []
        for i, p in enumerate(layers):
            h, steps = h0[i], []
            for t in range(inputs.shape[0]):
                h = torch.tanh(inputs[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
                steps.append(h)
            inputs = torch.stack(steps)
            first.append(steps[0])
        return (inputs.transpose(0, 1) if batch_first else inputs), torch.stack(first)


@mistake("rnn_forward", "batch_first ignored")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        inputs, last = x, []
        for i, p in enumerate(layers):
            h, steps = h0[i], []
            for t in range(inputs.shape[0]):
                h = torch.tanh(inputs[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
                steps.append(h)
            inputs = torch.stack(steps)
            last.append(h)
        return inputs, torch.stack(last)


@mistake("rnn_forward", "h_n made batch-first too")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        inputs = x.transpose(0, 1) if batch_first else x
        last = []
        for i, p in enumerate(layers):
            h, steps = h0[i], []
            for t in range(inputs.shape[0]):
                h = torch.tanh(inputs[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
                steps.append(h)
            inputs = torch.stack(steps)
            last.append(h)
        h_n = torch.stack(last)
        if batch_first:
            return inputs.transpose(0, 1), h_n.transpose(0, 1)
        return inputs, h_n


@mistake("rnn_forward", "every layer starts from h0[0]")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        inputs = x.transpose(0, 1) if batch_first else x
        last = []
        for p in layers:
            h, steps = h0[0], []
            for t in range(inputs.shape[0]):
                h = torch.tanh(inputs[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
                steps.append(h)
            inputs = torch.stack(steps)
            last.append(h)
        return (inputs.transpose(0, 1) if batch_first else inputs), torch.stack(last)


@mistake("rnn_forward", "nn.RNN's own kernel")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        params = [p[k] for p in layers for k in ("w_ih", "w_hh", "b_ih", "b_hh")]
        return torch.rnn_tanh(x, h0, params, True, len(layers), 0.0, False, False, batch_first)


@mistake("rnn_forward", "hidden state detached between steps")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        inputs = x.transpose(0, 1) if batch_first else x
        last = []
        for i, p in enumerate(layers):
            h, steps = h0[i], []
            for t in range(inputs.shape[0]):
                h = torch.tanh(
                    inputs[t] @ p["w_ih"].T + p["b_ih"] + h.detach() @ p["w_hh"].T + p["b_hh"]
                )
                steps.append(h)
            inputs = torch.stack(steps)
            last.append(h)
        return (inputs.transpose(0, 1) if batch_first else inputs), torch.stack(last)


@mistake("rnn_forward", "outputs gathered with cat onto a CPU tensor")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        inputs = x.transpose(0, 1) if batch_first else x
        last = torch.empty(0)
        for i, p in enumerate(layers):
            h, steps = h0[i], torch.empty(0)
            for t in range(inputs.shape[0]):
                h = torch.tanh(inputs[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
                steps = torch.cat([steps, h.unsqueeze(0)])
            inputs = steps
            last = torch.cat([last, h.unsqueeze(0)])
        return (inputs.transpose(0, 1) if batch_first else inputs), last


@mistake("rnn_forward", "out from the first layer")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        inputs = x.transpose(0, 1) if batch_first else x
        last, first_out = [], None
        for i, p in enumerate(layers):
            h, steps = h0[i], []
            for t in range(inputs.shape[0]):
                h = torch.tanh(inputs[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
                steps.append(h)
            inputs = torch.stack(steps)
            first_out = inputs if first_out is None else first_out
            last.append(h)
        return (first_out.transpose(0, 1) if batch_first else first_out), torch.stack(last)


@mistake("rnn_forward", "h0 ignored")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        inputs = x.transpose(0, 1) if batch_first else x
        last = []
        for p in layers:
            h, steps = torch.zeros_like(h0[0]), []
            for t in range(inputs.shape[0]):
                h = torch.tanh(inputs[t] @ p["w_ih"].T + p["b_ih"] + h @ p["w_hh"].T + p["b_hh"])
                steps.append(h)
            inputs = torch.stack(steps)
            last.append(h)
        return (inputs.transpose(0, 1) if batch_first else inputs), torch.stack(last)


@alternative("rnn_forward", "outputs written into x.new_zeros")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        if batch_first:
            x = x.permute(1, 0, 2)
        seq, hidden = x.shape[0], h0.shape[-1]
        h_n = []
        for i, p in enumerate(layers):
            out = x.new_zeros(seq, x.shape[1], hidden)
            h = h0[i]
            for t in range(seq):
                h = torch.tanh(
                    F.linear(x[t], p["w_ih"], p["b_ih"]) + F.linear(h, p["w_hh"], p["b_hh"])
                )
                out[t] = h
            x = out
            h_n.append(h)
        return (x.permute(1, 0, 2) if batch_first else x), torch.stack(h_n)


@alternative("rnn_forward", "the course's stacked cells, unbound steps")
def _():
    def rnn_forward(x, h0, layers, batch_first=False):
        steps = list((x.transpose(0, 1) if batch_first else x).unbind(0))
        hs = list(h0.unbind(0))
        for t in range(len(steps)):
            inp = steps[t]
            for i, p in enumerate(layers):
                hs[i] = torch.tanh(
                    inp @ p["w_ih"].t() + p["b_ih"] + hs[i] @ p["w_hh"].t() + p["b_hh"]
                )
                inp = hs[i]
            steps[t] = inp
        out = torch.stack(steps, dim=1 if batch_first else 0)
        return out, torch.stack(hs)


# -- sine_sequence -------------------------------------------------------------------------------------


@mistake("sine_sequence", "x and y swapped")
def _():
    def sine_sequence(start, num_time_steps=50):
        data = torch.sin(
            torch.linspace(start, start + 10, num_time_steps, dtype=torch.float64)
        ).float()
        return data[1:].reshape(1, -1, 1), data[:-1].reshape(1, -1, 1)


@mistake("sine_sequence", "y not shifted")
def _():
    def sine_sequence(start, num_time_steps=50):
        data = torch.sin(
            torch.linspace(start, start + 10, num_time_steps, dtype=torch.float64)
        ).float()
        return data[:-1].reshape(1, -1, 1), data[:-1].reshape(1, -1, 1)


@mistake("sine_sequence", "float64 from numpy")
def _():
    import numpy as np

    def sine_sequence(start, num_time_steps=50):
        data = np.sin(np.linspace(start, start + 10, num_time_steps)).reshape(num_time_steps, 1)
        x = torch.tensor(data[:-1]).view(1, num_time_steps - 1, 1)
        y = torch.tensor(data[1:]).view(1, num_time_steps - 1, 1)
        return x, y


@mistake("sine_sequence", "times end at 10")
def _():
    def sine_sequence(start, num_time_steps=50):
        data = torch.sin(torch.linspace(start, 10, num_time_steps, dtype=torch.float64)).float()
        return data[:-1].reshape(1, -1, 1), data[1:].reshape(1, -1, 1)


@mistake("sine_sequence", "no batch and feature dims")
def _():
    def sine_sequence(start, num_time_steps=50):
        data = torch.sin(
            torch.linspace(start, start + 10, num_time_steps, dtype=torch.float64)
        ).float()
        return data[:-1], data[1:]


@mistake("sine_sequence", "parameter renamed")
def _():
    def sine_sequence(start, steps=50):
        data = torch.sin(torch.linspace(start, start + 10, steps, dtype=torch.float64)).float()
        return data[:-1].reshape(1, -1, 1), data[1:].reshape(1, -1, 1)


@mistake("sine_sequence", "times spaced by 1")
def _():
    def sine_sequence(start, num_time_steps=50):
        data = torch.sin(torch.arange(num_time_steps, dtype=torch.float64) + start).float()
        return data[:-1].reshape(1, -1, 1), data[1:].reshape(1, -1, 1)


@alternative("sine_sequence", "the course's numpy recipe")
def _():
    import numpy as np

    def sine_sequence(start, num_time_steps=50):
        time_steps = np.linspace(start, start + 10, num_time_steps)
        data = np.sin(time_steps).reshape(num_time_steps, 1)
        x = torch.tensor(data[:-1]).float().view(1, num_time_steps - 1, 1)
        y = torch.tensor(data[1:]).float().view(1, num_time_steps - 1, 1)
        return x, y


@alternative("sine_sequence", "float32 linspace")
def _():
    def sine_sequence(start, num_time_steps=50):
        data = torch.linspace(start, start + 10, num_time_steps).sin()
        return data[:-1].view(1, -1, 1), data[1:].view(1, -1, 1)


# -- SineNet -------------------------------------------------------------------------------------------


@mistake("SineNet", "default initialisation kept")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)
            self.linear = nn.Linear(16, 1)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            return self.linear(out), hidden_prev


@mistake("SineNet", "std 0.01")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)
            for p in self.rnn.parameters():
                nn.init.normal_(p, mean=0.0, std=0.01)
            self.linear = nn.Linear(16, 1)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            return self.linear(out), hidden_prev


@mistake("SineNet", "the variance as std")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)
            for p in self.rnn.parameters():
                nn.init.normal_(p, mean=0.0, std=0.001**2)
            self.linear = nn.Linear(16, 1)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            return self.linear(out), hidden_prev


@mistake("SineNet", "weights drawn, biases left")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)
            nn.init.normal_(self.rnn.weight_ih_l0, mean=0.0, std=0.001)
            nn.init.normal_(self.rnn.weight_hh_l0, mean=0.0, std=0.001)
            self.linear = nn.Linear(16, 1)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            return self.linear(out), hidden_prev


@mistake("SineNet", "the linear layer initialised too")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)
            self.linear = nn.Linear(16, 1)
            for p in self.parameters():
                nn.init.normal_(p, mean=0.0, std=0.001)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            return self.linear(out), hidden_prev


@mistake("SineNet", "the linear layer missing")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)
            for p in self.rnn.parameters():
                nn.init.normal_(p, mean=0.0, std=0.001)

        def forward(self, x, hidden_prev):
            return self.rnn(x, hidden_prev)


@mistake("SineNet", "batch_first missing")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1)
            for p in self.rnn.parameters():
                nn.init.normal_(p, mean=0.0, std=0.001)
            self.linear = nn.Linear(16, 1)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            return self.linear(out), hidden_prev


@mistake("SineNet", "relu nonlinearity")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(1, 16, num_layers=1, nonlinearity="relu", batch_first=True)
            for p in self.rnn.parameters():
                nn.init.normal_(p, mean=0.0, std=0.001)
            self.linear = nn.Linear(16, 1)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            return self.linear(out), hidden_prev


@mistake("SineNet", "only the last step read out")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=16, num_layers=1, batch_first=True)
            for p in self.rnn.parameters():
                nn.init.normal_(p, mean=0.0, std=0.001)
            self.linear = nn.Linear(16, 1)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            return self.linear(out[:, -1:]), hidden_prev


@alternative("SineNet", "the course's Net")
def _():
    hidden_size = 16

    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(input_size=1, hidden_size=hidden_size, num_layers=1, batch_first=True)
            for p in self.rnn.parameters():
                nn.init.normal_(p, mean=0.0, std=0.001)
            self.linear = nn.Linear(hidden_size, 1)

        def forward(self, x, hidden_prev):
            out, hidden_prev = self.rnn(x, hidden_prev)
            out = out.view(-1, hidden_size)
            out = self.linear(out)
            out = out.unsqueeze(dim=0)
            return out, hidden_prev


@alternative("SineNet", "normal_ in place under no_grad")
def _():
    class SineNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(1, 16, 1, batch_first=True)
            with torch.no_grad():
                for p in self.rnn.parameters():
                    p.normal_(0.0, 0.001)
            self.linear = nn.Linear(16, 1)

        def forward(self, x, hidden_prev):
            out, h = self.rnn(x, hidden_prev)
            return self.linear(out), h


# -- sine_train_step -----------------------------------------------------------------------------------


@mistake("sine_train_step", "hidden state not detached")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), hidden


@mistake("sine_train_step", "no clipping (the course's loop)")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden_prev = model(x, hidden_prev)
        hidden_prev = hidden_prev.detach()
        loss = nn.MSELoss()(output, y)
        model.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item(), hidden_prev


@mistake("sine_train_step", "clipping after the step")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        return loss.item(), hidden.detach()


@mistake("sine_train_step", "each parameter clipped on its own")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        optimizer.zero_grad()
        loss.backward()
        for p in model.parameters():
            torch.nn.utils.clip_grad_norm_(p, max_norm)
        optimizer.step()
        return loss.item(), hidden.detach()


@mistake("sine_train_step", "clip_grad_value_")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_value_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), hidden.detach()


@mistake("sine_train_step", "zero_grad missing")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), hidden.detach()


@mistake("sine_train_step", "zero_grad between backward and step")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.zero_grad()
        optimizer.step()
        return loss.item(), hidden.detach()


@mistake("sine_train_step", "default max_norm 1")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=1.0):
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), hidden.detach()


@mistake("sine_train_step", "squared errors summed")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = ((output - y) ** 2).sum()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), hidden.detach()


@mistake("sine_train_step", "a new optimizer every step")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), hidden.detach()


@mistake("sine_train_step", "the loss returned as a tensor")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = F.mse_loss(output, y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.detach(), hidden.detach()


@mistake("sine_train_step", "hidden_prev ignored")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, torch.zeros_like(hidden_prev))
        loss = F.mse_loss(output, y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), hidden.detach()


@alternative("sine_train_step", "zero_grad first, nn.MSELoss")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        optimizer.zero_grad()
        output, hidden_prev = model(x, hidden_prev)
        loss = nn.MSELoss()(output, y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=max_norm, norm_type=2.0)
        optimizer.step()
        return loss.item(), hidden_prev.detach()


@alternative("sine_train_step", "the course's loop, with clipping")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        criterion = nn.MSELoss()
        output, hidden_prev = model(x, hidden_prev)
        hidden_prev = hidden_prev.detach()
        loss = criterion(output, y)
        model.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), hidden_prev


@alternative("sine_train_step", "clipped by hand")
def _():
    def sine_train_step(model, optimizer, x, y, hidden_prev, max_norm=10.0):
        output, hidden = model(x, hidden_prev)
        loss = ((output - y) ** 2).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        grads = [p.grad for p in model.parameters() if p.grad is not None]
        total = torch.sqrt(sum((g**2).sum() for g in grads))
        scale = max_norm / (total + 1e-6)
        if scale < 1:
            for g in grads:
                g.mul_(scale)
        optimizer.step()
        return float(loss), hidden.detach().clone()


# -- predict_sine --------------------------------------------------------------------------------------


@mistake("predict_sine", "no no_grad (the course's loop)")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        predictions = []
        input = x0
        for _ in range(steps):
            input = input.view(1, 1, 1)
            (pred, hidden_prev) = model(input, hidden_prev)
            input = pred
            predictions.append(pred.detach().reshape(1))
        return torch.cat(predictions).float()


@mistake("predict_sine", "the prediction not fed back")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        predictions, hidden = [], hidden_prev
        with torch.no_grad():
            for _ in range(steps):
                pred, hidden = model(x0.reshape(1, 1, 1), hidden)
                predictions.append(pred.reshape(1))
        return torch.cat(predictions).float()


@mistake("predict_sine", "the hidden state not carried on")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        predictions, inp = [], x0.reshape(1, 1, 1)
        with torch.no_grad():
            for _ in range(steps):
                pred, _ = model(inp, hidden_prev)
                predictions.append(pred.reshape(1))
                inp = pred
        return torch.cat(predictions).float()


@mistake("predict_sine", "x0 in front")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        predictions, inp, hidden = [x0.reshape(1)], x0.reshape(1, 1, 1), hidden_prev
        with torch.no_grad():
            for _ in range(steps):
                inp, hidden = model(inp, hidden)
                predictions.append(inp.reshape(1))
        return torch.cat(predictions).float()


@mistake("predict_sine", "one step short")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        predictions, inp, hidden = [], x0.reshape(1, 1, 1), hidden_prev
        with torch.no_grad():
            for _ in range(steps - 1):
                inp, hidden = model(inp, hidden)
                predictions.append(inp.reshape(1))
        return torch.cat(predictions).float()


@mistake("predict_sine", "the model's dtype kept")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        predictions, inp, hidden = [], x0.reshape(1, 1, 1), hidden_prev
        with torch.no_grad():
            for _ in range(steps):
                inp, hidden = model(inp, hidden)
                predictions.append(inp.reshape(1))
        return torch.cat(predictions)


@mistake("predict_sine", "predictions written into x0")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        predictions, inp, hidden = [], x0.view(1, 1, 1), hidden_prev
        with torch.no_grad():
            for _ in range(steps):
                pred, hidden = model(inp, hidden)
                predictions.append(pred.reshape(1).float())
                inp.copy_(pred)
        return torch.cat(predictions)


@mistake("predict_sine", "gathered with cat onto a CPU tensor")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        predictions, inp, hidden = torch.empty(0), x0.reshape(1, 1, 1), hidden_prev
        with torch.no_grad():
            for _ in range(steps):
                inp, hidden = model(inp, hidden)
                predictions = torch.cat([predictions, inp.reshape(1).float()])
        return predictions


@alternative("predict_sine", "inference_mode and stack")
def _():
    def predict_sine(model, x0, hidden_prev, steps):
        out, inp, hidden = [], x0.view(1, 1, 1), hidden_prev
        with torch.inference_mode():
            for _ in range(steps):
                inp, hidden = model(inp.view(1, 1, 1), hidden)
                out.append(inp.flatten()[0])
        return torch.stack(out).to(torch.float32)


@alternative("predict_sine", "a decorated helper")
def _():
    @torch.no_grad()
    def _generate(model, inp, hidden, steps):
        preds = []
        for _ in range(steps):
            inp, hidden = model(inp, hidden)
            preds.append(inp)
        return torch.cat(preds, dim=1)

    def predict_sine(model, x0, hidden_prev, steps):
        return _generate(model, x0.reshape(1, 1, 1), hidden_prev, steps).reshape(steps).float()
