"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `optimization`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("himmelblau", "constants swapped")
def _():
    def himmelblau(xy):
        x, y = xy[..., 0], xy[..., 1]
        return (x**2 + y - 7) ** 2 + (x + y**2 - 11) ** 2


@mistake("himmelblau", "first dim, not last")
def _():
    def himmelblau(xy):
        x, y = xy[0], xy[1]
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


@mistake("himmelblau", "keeps the last dim")
def _():
    def himmelblau(xy):
        x, y = xy[..., 0:1], xy[..., 1:2]
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


@mistake("himmelblau", "through numpy")
def _():
    def himmelblau(xy):
        a = xy.detach().cpu().numpy()
        x, y = a[..., 0], a[..., 1]
        return torch.from_numpy((x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2)


@mistake("minimize", "default lr 1e-2")
def _():
    def minimize(f, x0, lr=1e-2, steps=20000):
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=lr)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@mistake("minimize", "default steps 2000")
def _():
    def minimize(f, x0, lr=1e-3, steps=2000):
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=lr)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@mistake("minimize", "SGD instead of Adam")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.SGD([x], lr=lr)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@mistake("minimize", "no zero_grad")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=lr)
        for _ in range(steps):
            f(x).backward()
            optimizer.step()
        return x.detach()


@mistake("minimize", "one step short")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=lr)
        for _ in range(1, steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@mistake("minimize", "lr hard-coded")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=1e-3)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@mistake("minimize", "optimises x0 itself")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x0.requires_grad_(True)
        optimizer = torch.optim.Adam([x0], lr=lr)
        for _ in range(steps):
            pred = f(x0)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x0.detach().clone()


@mistake("minimize", "clone is not a leaf")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = x0.clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=lr)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@mistake("minimize", "float32 copy")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = torch.tensor(x0.tolist(), requires_grad=True)
        optimizer = torch.optim.Adam([x], lr=lr)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@mistake("minimize", "gradient ascent")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=lr, maximize=True)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@mistake("sgd_momentum_step", "weight decay after momentum")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for p, g, v in zip(params, grads, velocities):
                v.mul_(momentum).add_(g)
                p.sub_(lr * (v + weight_decay * p))


@mistake("sgd_momentum_step", "velocity not updated in place")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for p, g, v in zip(params, grads, velocities):
                d_p = g + weight_decay * p
                v = momentum * v + d_p
                p.sub_(lr * v)


@mistake("sgd_momentum_step", "returns new tensors")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        new_params, new_velocities = [], []
        for p, g, v in zip(params, grads, velocities):
            v = momentum * v + g + weight_decay * p
            new_params.append(p - lr * v)
            new_velocities.append(v)
        return new_params, new_velocities


@mistake("sgd_momentum_step", "list items replaced")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for i in range(len(params)):
                d_p = grads[i] + weight_decay * params[i]
                velocities[i] = momentum * velocities[i] + d_p
                params[i] = params[i] - lr * velocities[i]


@mistake("sgd_momentum_step", "sign error")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for p, g, v in zip(params, grads, velocities):
                v.mul_(momentum).add_(g + weight_decay * p)
                p.add_(lr * v)


@mistake("sgd_momentum_step", "dampening")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for p, g, v in zip(params, grads, velocities):
                v.mul_(momentum).add_(g + weight_decay * p, alpha=1 - momentum)
                p.sub_(lr * v)


@mistake("sgd_momentum_step", "lr in the velocity")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for p, g, v in zip(params, grads, velocities):
                v.mul_(momentum).add_(lr * (g + weight_decay * p))
                p.sub_(v)


@mistake("sgd_momentum_step", "weight decay into the grads in place")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for p, g, v in zip(params, grads, velocities):
                g.add_(p, alpha=weight_decay)
                v.mul_(momentum).add_(g)
                p.sub_(lr * v)


@mistake("sgd_momentum_step", "no torch.no_grad")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        for p, g, v in zip(params, grads, velocities):
            v.mul_(momentum).add_(g + weight_decay * p)
            p.sub_(lr * v)


@mistake("sgd_momentum_step", "nesterov")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for p, g, v in zip(params, grads, velocities):
                d_p = g + weight_decay * p
                v.mul_(momentum).add_(d_p)
                p.sub_(lr * (d_p + momentum * v))


@mistake("step_lr", "(epoch + 1) // step_size")
def _():
    def step_lr(base_lr, epoch, step_size, gamma):
        return base_lr * gamma ** ((epoch + 1) // step_size)


@mistake("step_lr", "ceil")
def _():
    import math

    def step_lr(base_lr, epoch, step_size, gamma):
        return base_lr * gamma ** math.ceil(epoch / step_size)


@mistake("step_lr", "no floor")
def _():
    def step_lr(base_lr, epoch, step_size, gamma):
        return base_lr * gamma ** (epoch / step_size)


@mistake("step_lr", "decays every epoch")
def _():
    def step_lr(base_lr, epoch, step_size, gamma):
        return base_lr * gamma**epoch


@mistake("step_lr", "returns a tensor")
def _():
    def step_lr(base_lr, epoch, step_size, gamma):
        return torch.tensor(base_lr) * gamma ** (epoch // step_size)


@alternative("himmelblau", "unbind")
def _():
    def himmelblau(xy):
        x, y = xy.unbind(-1)
        return (x * x + y - 11).pow(2) + (x + y * y - 7).pow(2)


@alternative("himmelblau", "the course's xy[0], xy[1] after moving the last dim first")
def _():
    def himmelblau(xy):
        x = xy.movedim(-1, 0)
        return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2


@alternative("minimize", "defaults as module constants")
def _():
    LR, STEPS = 1e-3, 20000  # noqa: F841
    LEARNING_RATE = 1e-3
    NUMBER_OF_STEPS = 20_000

    def minimize(f, x0, lr=LEARNING_RATE, steps=NUMBER_OF_STEPS):
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=lr)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@alternative("minimize", "defaults taken from **options (learnt by running them)")
def _():
    def minimize(f, x0, **options):
        lr, steps = options.get("lr", 1e-3), options.get("steps", 20000)
        x = x0.detach().clone().requires_grad_(True)
        optimizer = torch.optim.Adam([x], lr=lr)
        for _ in range(steps):
            pred = f(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
        return x.detach()


@alternative("minimize", "Adam by hand")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = x0.detach().clone()
        m = torch.zeros_like(x)
        v = torch.zeros_like(x)
        b1, b2, eps = 0.9, 0.999, 1e-8
        for t in range(1, steps + 1):
            leaf = x.detach().requires_grad_(True)
            (g,) = torch.autograd.grad(f(leaf), leaf)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            m_hat = m / (1 - b1**t)
            v_hat = v / (1 - b2**t)
            x = x - lr * m_hat / (v_hat.sqrt() + eps)
        return x


@alternative("minimize", "zero_grad after step, returns a clone")
def _():
    def minimize(f, x0, lr=1e-3, steps=20000):
        x = x0.detach().clone()
        x.requires_grad = True
        optimizer = torch.optim.Adam([x], lr=lr)
        step = 0
        while step < steps:
            f(x).backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
        return x.detach().clone()


@alternative("sgd_momentum_step", "buffer None on the first step, as torch")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        with torch.no_grad():
            for p, g, v in zip(params, grads, velocities):
                d_p = g.add(p, alpha=weight_decay)
                if momentum == 0:
                    p.add_(d_p, alpha=-lr)
                    continue
                if not v.any():
                    v.copy_(d_p)
                else:
                    v.mul_(momentum).add_(d_p)
                p.add_(v, alpha=-lr)


@alternative("sgd_momentum_step", "copy_ of out-of-place results")
def _():
    def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):
        for p, g, v in zip(params, grads, velocities):
            d_p = g + weight_decay * p.detach()
            v.copy_(momentum * v + d_p)
            p.data.copy_(p.detach() - lr * v)


@alternative("step_lr", "loop like the scheduler")
def _():
    def step_lr(base_lr, epoch, step_size, gamma):
        lr = base_lr
        for e in range(1, epoch + 1):
            if e % step_size == 0:
                lr *= gamma
        return lr


@alternative("step_lr", "math.pow")
def _():
    import math

    def step_lr(base_lr, epoch, step_size, gamma):
        return base_lr * math.pow(gamma, math.floor(epoch / step_size))
