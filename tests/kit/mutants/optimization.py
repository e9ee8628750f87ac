"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `optimization`. Each entry is source appended to the reference solution module,
so it replaces that one function."""

MISTAKES = {
    "himmelblau": {
        "constants swapped": (
            "def himmelblau(xy):\n"
            "    x, y = xy[..., 0], xy[..., 1]\n"
            "    return (x ** 2 + y - 7) ** 2 + (x + y ** 2 - 11) ** 2\n"
        ),
        "first dim, not last": (
            "def himmelblau(xy):\n"
            "    x, y = xy[0], xy[1]\n"
            "    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2\n"
        ),
        "keeps the last dim": (
            "def himmelblau(xy):\n"
            "    x, y = xy[..., 0:1], xy[..., 1:2]\n"
            "    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2\n"
        ),
        "through numpy": (
            "def himmelblau(xy):\n"
            "    a = xy.detach().cpu().numpy()\n"
            "    x, y = a[..., 0], a[..., 1]\n"
            "    return torch.from_numpy((x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2)\n"
        ),
    },
    "minimize": {
        "default lr 1e-2": (
            "def minimize(f, x0, lr=1e-2, steps=20000):\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "default steps 2000": (
            "def minimize(f, x0, lr=1e-3, steps=2000):\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "SGD instead of Adam": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.SGD([x], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "no zero_grad": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        f(x).backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "one step short": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    for _ in range(1, steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "lr hard-coded": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=1e-3)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "optimises x0 itself": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x0.requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x0], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x0)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x0.detach().clone()\n"
        ),
        "clone is not a leaf": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = x0.clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "float32 copy": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = torch.tensor(x0.tolist(), requires_grad=True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "gradient ascent": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr, maximize=True)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
    },
    "sgd_momentum_step": {
        "weight decay after momentum": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for p, g, v in zip(params, grads, velocities):\n"
            "            v.mul_(momentum).add_(g)\n"
            "            p.sub_(lr * (v + weight_decay * p))\n"
        ),
        "velocity not updated in place": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for p, g, v in zip(params, grads, velocities):\n"
            "            d_p = g + weight_decay * p\n"
            "            v = momentum * v + d_p\n"
            "            p.sub_(lr * v)\n"
        ),
        "returns new tensors": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    new_params, new_velocities = [], []\n"
            "    for p, g, v in zip(params, grads, velocities):\n"
            "        v = momentum * v + g + weight_decay * p\n"
            "        new_params.append(p - lr * v)\n"
            "        new_velocities.append(v)\n"
            "    return new_params, new_velocities\n"
        ),
        "list items replaced": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for i in range(len(params)):\n"
            "            d_p = grads[i] + weight_decay * params[i]\n"
            "            velocities[i] = momentum * velocities[i] + d_p\n"
            "            params[i] = params[i] - lr * velocities[i]\n"
        ),
        "sign error": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for p, g, v in zip(params, grads, velocities):\n"
            "            v.mul_(momentum).add_(g + weight_decay * p)\n"
            "            p.add_(lr * v)\n"
        ),
        "dampening": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for p, g, v in zip(params, grads, velocities):\n"
            "            v.mul_(momentum).add_(g + weight_decay * p, alpha=1 - momentum)\n"
            "            p.sub_(lr * v)\n"
        ),
        "lr in the velocity": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for p, g, v in zip(params, grads, velocities):\n"
            "            v.mul_(momentum).add_(lr * (g + weight_decay * p))\n"
            "            p.sub_(v)\n"
        ),
        "weight decay into the grads in place": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for p, g, v in zip(params, grads, velocities):\n"
            "            g.add_(p, alpha=weight_decay)\n"
            "            v.mul_(momentum).add_(g)\n"
            "            p.sub_(lr * v)\n"
        ),
        "no torch.no_grad": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    for p, g, v in zip(params, grads, velocities):\n"
            "        v.mul_(momentum).add_(g + weight_decay * p)\n"
            "        p.sub_(lr * v)\n"
        ),
        "nesterov": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for p, g, v in zip(params, grads, velocities):\n"
            "            d_p = g + weight_decay * p\n"
            "            v.mul_(momentum).add_(d_p)\n"
            "            p.sub_(lr * (d_p + momentum * v))\n"
        ),
    },
    "step_lr": {
        "(epoch + 1) // step_size": (
            "def step_lr(base_lr, epoch, step_size, gamma):\n"
            "    return base_lr * gamma ** ((epoch + 1) // step_size)\n"
        ),
        "ceil": (
            "import math\n\n\n"
            "def step_lr(base_lr, epoch, step_size, gamma):\n"
            "    return base_lr * gamma ** math.ceil(epoch / step_size)\n"
        ),
        "no floor": (
            "def step_lr(base_lr, epoch, step_size, gamma):\n"
            "    return base_lr * gamma ** (epoch / step_size)\n"
        ),
        "decays every epoch": (
            "def step_lr(base_lr, epoch, step_size, gamma):\n    return base_lr * gamma ** epoch\n"
        ),
        "returns a tensor": (
            "def step_lr(base_lr, epoch, step_size, gamma):\n"
            "    return torch.tensor(base_lr) * gamma ** (epoch // step_size)\n"
        ),
    },
}

ALTERNATIVES = {
    "himmelblau": {
        "unbind": (
            "def himmelblau(xy):\n"
            "    x, y = xy.unbind(-1)\n"
            "    return (x * x + y - 11).pow(2) + (x + y * y - 7).pow(2)\n"
        ),
        "the course's xy[0], xy[1] after moving the last dim first": (
            "def himmelblau(xy):\n"
            "    x = xy.movedim(-1, 0)\n"
            "    return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2\n"
        ),
    },
    "minimize": {
        "defaults as module constants": (
            "LR, STEPS = 1e-3, 20000\n"
            "LEARNING_RATE = 1e-3\n"
            "NUMBER_OF_STEPS = 20_000\n"
            "def minimize(f, x0, lr=LEARNING_RATE, steps=NUMBER_OF_STEPS):\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "defaults taken from **options (learnt by running them)": (
            "def minimize(f, x0, **options):\n"
            "    lr, steps = options.get('lr', 1e-3), options.get('steps', 20000)\n"
            "    x = x0.detach().clone().requires_grad_(True)\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    for _ in range(steps):\n"
            "        pred = f(x)\n"
            "        optimizer.zero_grad()\n"
            "        pred.backward()\n"
            "        optimizer.step()\n"
            "    return x.detach()\n"
        ),
        "Adam by hand": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = x0.detach().clone()\n"
            "    m = torch.zeros_like(x)\n"
            "    v = torch.zeros_like(x)\n"
            "    b1, b2, eps = 0.9, 0.999, 1e-8\n"
            "    for t in range(1, steps + 1):\n"
            "        leaf = x.detach().requires_grad_(True)\n"
            "        (g,) = torch.autograd.grad(f(leaf), leaf)\n"
            "        m = b1 * m + (1 - b1) * g\n"
            "        v = b2 * v + (1 - b2) * g * g\n"
            "        m_hat = m / (1 - b1 ** t)\n"
            "        v_hat = v / (1 - b2 ** t)\n"
            "        x = x - lr * m_hat / (v_hat.sqrt() + eps)\n"
            "    return x\n"
        ),
        "zero_grad after step, returns a clone": (
            "def minimize(f, x0, lr=1e-3, steps=20000):\n"
            "    x = x0.detach().clone()\n"
            "    x.requires_grad = True\n"
            "    optimizer = torch.optim.Adam([x], lr=lr)\n"
            "    step = 0\n"
            "    while step < steps:\n"
            "        f(x).backward()\n"
            "        optimizer.step()\n"
            "        optimizer.zero_grad(set_to_none=True)\n"
            "        step += 1\n"
            "    return x.detach().clone()\n"
        ),
    },
    "sgd_momentum_step": {
        "buffer None on the first step, as torch": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    with torch.no_grad():\n"
            "        for p, g, v in zip(params, grads, velocities):\n"
            "            d_p = g.add(p, alpha=weight_decay)\n"
            "            if momentum == 0:\n"
            "                p.add_(d_p, alpha=-lr)\n"
            "                continue\n"
            "            if not v.any():\n"
            "                v.copy_(d_p)\n"
            "            else:\n"
            "                v.mul_(momentum).add_(d_p)\n"
            "            p.add_(v, alpha=-lr)\n"
        ),
        "copy_ of out-of-place results": (
            "def sgd_momentum_step(params, grads, velocities, lr, momentum, weight_decay=0.0):\n"
            "    for p, g, v in zip(params, grads, velocities):\n"
            "        d_p = g + weight_decay * p.detach()\n"
            "        v.copy_(momentum * v + d_p)\n"
            "        p.data.copy_(p.detach() - lr * v)\n"
        ),
    },
    "step_lr": {
        "loop like the scheduler": (
            "def step_lr(base_lr, epoch, step_size, gamma):\n"
            "    lr = base_lr\n"
            "    for e in range(1, epoch + 1):\n"
            "        if e % step_size == 0:\n"
            "            lr *= gamma\n"
            "    return lr\n"
        ),
        "math.pow": (
            "import math\n\n\n"
            "def step_lr(base_lr, epoch, step_size, gamma):\n"
            "    return base_lr * math.pow(gamma, math.floor(epoch / step_size))\n"
        ),
    },
}
