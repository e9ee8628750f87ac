"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `lstm`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function or class (`torch` and `nn` are already imported there; `F` is imported where a variant uses it)."""

import torch
from torch import nn

# the solution module's own functions, which some variants call
from solutions.lstm import last_hidden_bidirectional, lstm_cell
from tests.kit.mutants.variants import alternative, mistake


# -- lstm_cell -----------------------------------------------------------------------------------
@mistake("lstm_cell", "gates in the order i, f, o, g")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        gates = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh
        i, f, o, g = gates.chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c


@mistake("lstm_cell", "gates in the order f, i, g, o")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        f, i, g, o = torch.split(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh, w_hh.shape[1], dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c


@mistake("lstm_cell", "c and h swapped in the returned state")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        i, f, g, o = (x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=-1)
        c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h_new = torch.sigmoid(o) * torch.tanh(c_new)
        return c_new, h_new


@mistake("lstm_cell", "no tanh on c'")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        i, f, g, o = (x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=-1)
        c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * c_new, c_new


@mistake("lstm_cell", "sigmoid on g instead of tanh")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        i, f, g, o = torch.sigmoid(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=-1)
        c_new = f * c + i * g
        return o * torch.tanh(c_new), c_new


@mistake("lstm_cell", "b_hh left out")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        i, f, g, o = (x @ w_ih.T + h @ w_hh.T + b_ih).chunk(4, dim=-1)
        c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c_new), c_new


@mistake("lstm_cell", "h' from the old c")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        i, f, g, o = (x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=-1)
        h_new = torch.sigmoid(o) * torch.tanh(c)
        return h_new, torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)


@mistake("lstm_cell", "weights not transposed")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        i, f, g, o = (x @ w_ih + b_ih + h @ w_hh + b_hh).chunk(4, dim=-1)
        c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c_new), c_new


@mistake("lstm_cell", "c updated in place")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        i, f, g, o = (x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=-1)
        c.mul_(torch.sigmoid(f)).add_(torch.sigmoid(i) * torch.tanh(g))
        return torch.sigmoid(o) * torch.tanh(c), c


@mistake("lstm_cell", "torch.lstm_cell")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        return torch.lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh)


@mistake("lstm_cell", "nn.LSTMCell with the weights copied in")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        cell = nn.LSTMCell(w_ih.shape[1], w_hh.shape[1]).to(x.device, x.dtype)
        with torch.no_grad():
            cell.weight_ih.copy_(w_ih)
            cell.weight_hh.copy_(w_hh)
            cell.bias_ih.copy_(b_ih)
            cell.bias_hh.copy_(b_hh)
        return cell(x, state)


@mistake("lstm_cell", "new cell state started from torch.zeros on the CPU")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        i, f, g, o = (x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=-1)
        c_new = torch.zeros(c.shape, dtype=c.dtype)
        c_new += torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c_new), c_new


@mistake("lstm_cell", "weights read through .data")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        gates = x @ w_ih.data.T + b_ih.data + h @ w_hh.data.T + b_hh.data
        i, f, g, o = gates.chunk(4, dim=-1)
        c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c_new), c_new


@alternative("lstm_cell", "one linear per gate, sigmoid by hand")
def _():
    import torch.nn.functional as F

    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        n = w_hh.shape[1]

        def gate(k):
            rows = slice(k * n, (k + 1) * n)
            return F.linear(x, w_ih[rows], b_ih[rows]) + F.linear(h, w_hh[rows], b_hh[rows])

        def sigmoid(z):
            return 1 / (1 + torch.exp(-z))

        c_next = sigmoid(gate(1)) * c + sigmoid(gate(0)) * torch.tanh(gate(2))
        return sigmoid(gate(3)) * torch.tanh(c_next), c_next


@alternative("lstm_cell", "concatenated [x, h] against concatenated weights, a list")
def _():
    def lstm_cell(x, state, w_ih, w_hh, b_ih, b_hh):
        h, c = state
        gates = torch.cat([x, h], dim=1) @ torch.cat([w_ih, w_hh], dim=1).t() + (b_ih + b_hh)
        i, f, g, o = torch.split(gates, h.shape[1], dim=1)
        c2 = f.sigmoid() * c + i.sigmoid() * g.tanh()
        return [o.sigmoid() * c2.tanh(), c2]


# -- lstm_forward --------------------------------------------------------------------------------
@mistake("lstm_forward", "gates in the order i, f, o, g")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, o, g = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(h)
        return torch.stack(outs), (h[None], c[None])


@mistake("lstm_forward", "state not carried between steps")
def _():
    def lstm_forward(x, state, layer):
        h0, c0 = state[0][0], state[1][0]
        outs = []
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h0 @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c0 + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(h)
        return torch.stack(outs), (h[None], c[None])


@mistake("lstm_forward", "c and h swapped in the returned state")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(h)
        return torch.stack(outs), (c[None], h[None])


@mistake("lstm_forward", "h_n from the wrong end (out[0])")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(h)
        out = torch.stack(outs)
        return out, (out[0:1], c[None])


@mistake("lstm_forward", "out holds the cell states")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(c)
        return torch.stack(outs), (h[None], c[None])


@mistake("lstm_forward", "state[0] used with its layer dim")
def _():
    def lstm_forward(x, state, layer):
        h, c = state
        outs = []
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(h)
        return torch.stack(outs), (h, c)


@mistake("lstm_forward", "state detached between steps")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(h)
            h, c = h.detach(), c.detach()
        return torch.stack(outs), (h[None], c[None])


@mistake("lstm_forward", "nn.LSTM with the weights copied in")
def _():
    def lstm_forward(x, state, layer):
        rnn = nn.LSTM(x.shape[2], layer["w_hh"].shape[1]).to(x.device, x.dtype)
        with torch.no_grad():
            rnn.weight_ih_l0.copy_(layer["w_ih"])
            rnn.weight_hh_l0.copy_(layer["w_hh"])
            rnn.bias_ih_l0.copy_(layer["b_ih"])
            rnn.bias_hh_l0.copy_(layer["b_hh"])
        return rnn(x, state)


@mistake("lstm_forward", "torch.lstm_cell in the loop")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in range(x.shape[0]):
            h, c = torch.lstm_cell(
                x[t], (h, c), layer["w_ih"], layer["w_hh"], layer["b_ih"], layer["b_hh"]
            )
            outs.append(h)
        return torch.stack(outs), (h[None], c[None])


@mistake("lstm_forward", "outputs grown from an empty CPU tensor")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        out = torch.empty(0, x.shape[1], layer["w_hh"].shape[1], dtype=x.dtype)
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            out = torch.cat([out, h[None]])
        return out, (h[None], c[None])


@alternative("lstm_forward", "calls the student's own lstm_cell")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0].squeeze(0), state[1].squeeze(0)
        outs = []
        for x_t in x:
            h, c = lstm_cell(
                x_t, (h, c), layer["w_ih"], layer["w_hh"], layer["b_ih"], layer["b_hh"]
            )
            outs.append(h)
        return torch.stack(outs), (h.unsqueeze(0), c.unsqueeze(0))


@alternative("lstm_forward", "input projection for all steps at once, preallocated out")
def _():
    def lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        projected = x @ layer["w_ih"].T + layer["b_ih"] + layer["b_hh"]  # [seq, b, 4*hidden]
        out = torch.empty(x.shape[0], x.shape[1], h.shape[-1], dtype=x.dtype, device=x.device)
        for t in range(x.shape[0]):
            i, f, g, o = (projected[t] + h @ layer["w_hh"].T).chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            out[t] = h
        return out, (out[-1:].clone(), c.unsqueeze(0))


# -- reverse_lstm_forward ------------------------------------------------------------------------
@mistake("reverse_lstm_forward", "outputs not flipped back to time order")
def _():
    def reverse_lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in reversed(range(x.shape[0])):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(h)
        return torch.stack(outs), (h[None], c[None])


@mistake("reverse_lstm_forward", "reads the sequence from the start")
def _():
    def reverse_lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in range(x.shape[0]):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.append(h)
        return torch.stack(outs), (h[None], c[None])


@mistake("reverse_lstm_forward", "h_n from the wrong end (out[-1])")
def _():
    def reverse_lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in reversed(range(x.shape[0])):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.insert(0, h)
        out = torch.stack(outs)
        return out, (out[-1:], c[None])


@mistake("reverse_lstm_forward", "gates in the order f, i, g, o")
def _():
    def reverse_lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in reversed(range(x.shape[0])):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            f, i, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.insert(0, h)
        return torch.stack(outs), (h[None], c[None])


@mistake("reverse_lstm_forward", "c and h swapped in the returned state")
def _():
    def reverse_lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in reversed(range(x.shape[0])):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.insert(0, h)
        return torch.stack(outs), (c[None], h[None])


@mistake("reverse_lstm_forward", "state not carried between steps")
def _():
    def reverse_lstm_forward(x, state, layer):
        outs = []
        for t in reversed(range(x.shape[0])):
            h, c = state[0][0], state[1][0]
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.insert(0, h)
        return torch.stack(outs), (h[None], c[None])


@mistake("reverse_lstm_forward", "state detached between steps")
def _():
    def reverse_lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for t in reversed(range(x.shape[0])):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outs.insert(0, h)
            h, c = h.detach(), c.detach()
        return torch.stack(outs), (h[None], c[None])


@mistake("reverse_lstm_forward", "nn.LSTM(bidirectional=True), second half")
def _():
    def reverse_lstm_forward(x, state, layer):
        hidden = layer["w_hh"].shape[1]
        rnn = nn.LSTM(x.shape[2], hidden, bidirectional=True).to(x.device, x.dtype)
        with torch.no_grad():
            rnn.weight_ih_l0_reverse.copy_(layer["w_ih"])
            rnn.weight_hh_l0_reverse.copy_(layer["w_hh"])
            rnn.bias_ih_l0_reverse.copy_(layer["b_ih"])
            rnn.bias_hh_l0_reverse.copy_(layer["b_hh"])
        h0 = torch.cat([torch.zeros_like(state[0]), state[0]])
        c0 = torch.cat([torch.zeros_like(state[1]), state[1]])
        out, (h_n, c_n) = rnn(x, (h0, c0))
        return out[..., hidden:], (h_n[1:], c_n[1:])


@mistake("reverse_lstm_forward", "outputs grown from an empty CPU tensor")
def _():
    def reverse_lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        out = torch.empty(0, x.shape[1], layer["w_hh"].shape[1], dtype=x.dtype)
        for t in reversed(range(x.shape[0])):
            gates = x[t] @ layer["w_ih"].T + layer["b_ih"] + h @ layer["w_hh"].T + layer["b_hh"]
            i, f, g, o = gates.chunk(4, dim=-1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            out = torch.cat([h[None], out])
        return out, (h[None], c[None])


@alternative("reverse_lstm_forward", "flip x, own lstm_cell, flip the outputs back")
def _():
    def reverse_lstm_forward(x, state, layer):
        h, c = state[0][0], state[1][0]
        outs = []
        for x_t in x.flip(0):
            h, c = lstm_cell(
                x_t, (h, c), layer["w_ih"], layer["w_hh"], layer["b_ih"], layer["b_hh"]
            )
            outs.append(h)
        return torch.stack(outs).flip(0), (h.unsqueeze(0), c.unsqueeze(0))


@alternative("reverse_lstm_forward", "a list reversed at the end")
def _():
    def reverse_lstm_forward(x, state, layer):
        w_ih, w_hh, b = layer["w_ih"], layer["w_hh"], layer["b_ih"] + layer["b_hh"]
        h, c = state[0].squeeze(0), state[1].squeeze(0)
        outs = []
        for t in range(x.shape[0] - 1, -1, -1):
            i, f, g, o = torch.split(x[t] @ w_ih.t() + h @ w_hh.t() + b, h.shape[1], dim=-1)
            c = f.sigmoid() * c + i.sigmoid() * g.tanh()
            h = o.sigmoid() * c.tanh()
            outs.append(h)
        outs.reverse()
        return torch.stack(outs, dim=0), (torch.stack([h]), torch.stack([c]))


# -- last_hidden_bidirectional ---------------------------------------------------------------------
@mistake("last_hidden_bidirectional", "the first layer: hidden[0], hidden[1]")
def _():
    def last_hidden_bidirectional(h_n):
        return torch.cat([h_n[0], h_n[1]], dim=1)


@mistake("last_hidden_bidirectional", "stacked on dim 1")
def _():
    def last_hidden_bidirectional(h_n):
        return torch.stack([h_n[-2], h_n[-1]], dim=1)


@mistake("last_hidden_bidirectional", "joined along dim 0")
def _():
    def last_hidden_bidirectional(h_n):
        return torch.cat([h_n[-2], h_n[-1]])


@mistake("last_hidden_bidirectional", "backward direction first")
def _():
    def last_hidden_bidirectional(h_n):
        return torch.cat([h_n[-1], h_n[-2]], dim=1)


@mistake("last_hidden_bidirectional", "reshape without moving the batch dim")
def _():
    def last_hidden_bidirectional(h_n):
        return h_n[-2:].reshape(h_n.shape[1], -1)


@mistake("last_hidden_bidirectional", "only h_n[-1]")
def _():
    def last_hidden_bidirectional(h_n):
        return h_n[-1]


@mistake("last_hidden_bidirectional", "moved to the CPU")
def _():
    def last_hidden_bidirectional(h_n):
        return torch.cat([h_n[-2], h_n[-1]], dim=1).cpu()


@alternative("last_hidden_bidirectional", "permute, then reshape")
def _():
    def last_hidden_bidirectional(h_n):
        return h_n[-2:].permute(1, 0, 2).reshape(h_n.shape[1], -1)


@alternative("last_hidden_bidirectional", "indices from the layer count, hstack")
def _():
    def last_hidden_bidirectional(h_n):
        layers = h_n.shape[0] // 2
        by_layer = h_n.view(layers, 2, h_n.shape[1], h_n.shape[2])
        return torch.hstack([by_layer[layers - 1, 0], by_layer[layers - 1, 1]])


# -- binary_accuracy -------------------------------------------------------------------------------
@mistake("binary_accuracy", "rounds the logits without a sigmoid")
def _():
    def binary_accuracy(logits, labels):
        preds = torch.round(logits).reshape(-1)
        return (preds == labels.reshape(-1)).float().mean().item()


@mistake("binary_accuracy", "returns the tensor (the course's binary_acc)")
def _():
    def binary_accuracy(logits, labels):
        preds = torch.round(torch.sigmoid(logits)).view(-1)
        correct = torch.eq(preds, labels.view(-1)).float()
        return correct.sum() / len(correct)


@mistake("binary_accuracy", "returns the count")
def _():
    def binary_accuracy(logits, labels):
        preds = torch.round(torch.sigmoid(logits)).reshape(-1)
        return int((preds == labels.reshape(-1)).sum())


@mistake("binary_accuracy", "[b, 1] against [b] broadcast to [b, b], divided by b")
def _():
    def binary_accuracy(logits, labels):
        preds = torch.round(torch.sigmoid(logits))
        correct = torch.eq(preds, labels).float()
        return (correct.sum() / len(correct)).item()


@mistake("binary_accuracy", "[b, 1] against [b] broadcast to [b, b], mean")
def _():
    def binary_accuracy(logits, labels):
        return (torch.round(torch.sigmoid(logits)) == labels).float().mean().item()


@alternative("binary_accuracy", "logits > 0, view_as")
def _():
    def binary_accuracy(logits, labels):
        preds = (logits > 0).float()
        return float((preds == labels.view_as(preds)).sum()) / preds.numel()


@alternative("binary_accuracy", "flatten, eq, sum / len, item")
def _():
    def binary_accuracy(logits, labels):
        preds = torch.sigmoid(logits).flatten().round()
        correct = torch.eq(preds, labels.flatten()).float()
        return (correct.sum() / len(correct)).item()


# -- SentimentRNN ----------------------------------------------------------------------------------
@mistake("SentimentRNN", "the first layer's states hidden[0], hidden[1]")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (hidden, _) = self.rnn(self.dropout(self.embedding(x)))
            return self.fc(self.dropout(torch.cat([hidden[0], hidden[1]], dim=1)))


@mistake("SentimentRNN", "output[-1] instead of h_n")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            output, _ = self.rnn(self.dropout(self.embedding(x)))
            return self.fc(self.dropout(output[-1]))


@mistake("SentimentRNN", "sigmoid at the end")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(self.dropout(self.embedding(x)))
            return torch.sigmoid(self.fc(self.dropout(torch.cat([h[-2], h[-1]], dim=1))))


@mistake("SentimentRNN", "squeezed to [b]")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(self.dropout(self.embedding(x)))
            return self.fc(self.dropout(torch.cat([h[-2], h[-1]], dim=1))).squeeze(1)


@mistake("SentimentRNN", "one layer")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(embedding_dim, hidden_dim, bidirectional=True)
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(self.dropout(self.embedding(x)))
            return self.fc(self.dropout(torch.cat([h[-2], h[-1]], dim=1)))


@mistake("SentimentRNN", "not bidirectional, fc of hidden_dim")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=2, dropout=0.5)
            self.fc = nn.Linear(hidden_dim, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(self.dropout(self.embedding(x)))
            return self.fc(self.dropout(h[-1]))


@mistake("SentimentRNN", "no dropout on the embeddings")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(self.embedding(x))
            return self.fc(self.dropout(torch.cat([h[-2], h[-1]], dim=1)))


@mistake("SentimentRNN", "no dropout before fc")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(self.dropout(self.embedding(x)))
            return self.fc(torch.cat([h[-2], h[-1]], dim=1))


@mistake("SentimentRNN", "F.dropout, on in eval mode too")
def _():
    import torch.nn.functional as F

    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(F.dropout(self.embedding(x), 0.5))
            return self.fc(F.dropout(torch.cat([h[-2], h[-1]], dim=1), 0.5))


@mistake("SentimentRNN", "no dropout between the LSTM layers")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=2, bidirectional=True)
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(self.dropout(self.embedding(x)))
            return self.fc(self.dropout(torch.cat([h[-2], h[-1]], dim=1)))


@mistake("SentimentRNN", "batch_first=True")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim,
                hidden_dim,
                num_layers=2,
                bidirectional=True,
                dropout=0.5,
                batch_first=True,
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            _, (h, _) = self.rnn(self.dropout(self.embedding(x)))
            return self.fc(self.dropout(torch.cat([h[-2], h[-1]], dim=1)))


@mistake("SentimentRNN", "initial state created on the CPU")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                embedding_dim, hidden_dim, num_layers=2, bidirectional=True, dropout=0.5
            )
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            h0 = torch.zeros(4, x.shape[1], self.rnn.hidden_size)
            _, (h, _) = self.rnn(self.dropout(self.embedding(x)), (h0, h0))
            return self.fc(self.dropout(torch.cat([h[-2], h[-1]], dim=1)))


@alternative("SentimentRNN", "last_hidden_bidirectional, explicit zero state on the device")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(
                input_size=embedding_dim,
                hidden_size=hidden_dim,
                num_layers=2,
                dropout=0.5,
                bidirectional=True,
            )
            self.fc = nn.Linear(2 * hidden_dim, 1)
            self.dropout = nn.Dropout(p=0.5)

        def forward(self, x):
            embedded = self.dropout(self.embedding(x))
            zeros = embedded.new_zeros(4, x.shape[1], self.rnn.hidden_size)
            _, (h_n, _) = self.rnn(embedded, (zeros, zeros))
            return self.fc(self.dropout(last_hidden_bidirectional(h_n)))


@alternative("SentimentRNN", "h_n viewed by layer and direction")
def _():
    class SentimentRNN(nn.Module):
        def __init__(self, vocab_size, embedding_dim, hidden_dim):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            self.rnn = nn.LSTM(embedding_dim, hidden_dim, 2, bidirectional=True, dropout=0.5)
            self.fc = nn.Linear(hidden_dim * 2, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, x):
            out, (h_n, c_n) = self.rnn(self.dropout(self.embedding(x)))
            last = h_n.view(2, 2, x.shape[1], -1)[-1]  # [directions, b, hidden]
            return self.fc(self.dropout(torch.cat(tuple(last), dim=-1)))
