"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `gradient_descent`. Each entry is source appended to the reference solution
module, so it replaces that one function. The alternatives include the loops of the course's own
gd.py."""

MISTAKES = {
    "compute_error_for_line_given_points": {
        "sum instead of mean": (
            "def compute_error_for_line_given_points(b, w, points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    return ((pts[:, 1] - (w * pts[:, 0] + b)) ** 2).sum().item()\n"
        ),
        "returns a tensor": (
            "def compute_error_for_line_given_points(b, w, points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    return ((pts[:, 1] - (w * pts[:, 0] + b)) ** 2).mean()\n"
        ),
        "brackets missing": (
            "def compute_error_for_line_given_points(b, w, points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    return ((pts[:, 1] - w * pts[:, 0] + b) ** 2).mean().item()\n"
        ),
        "float32": (
            "def compute_error_for_line_given_points(b, w, points):\n"
            "    pts = torch.tensor(points, dtype=torch.float32)\n"
            "    return ((pts[:, 1] - (w * pts[:, 0] + b)) ** 2).mean().item()\n"
        ),
        "numpy only": (
            "def compute_error_for_line_given_points(b, w, points):\n"
            "    pts = torch.from_numpy(points)\n"
            "    return ((pts[:, 1] - (w * pts[:, 0] + b)) ** 2).mean().item()\n"
        ),
        "residual in place": (
            "def compute_error_for_line_given_points(b, w, points):\n"
            "    x, y = points[:, 0], points[:, 1]\n"
            "    y -= w * x + b\n"
            "    return float((y ** 2).mean())\n"
        ),
    },
    "step_gradient": {
        "missing 2/N": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    error = y - (w_current * x + b_current)\n"
            "    b_gradient = -error.sum()\n"
            "    w_gradient = -(x * error).sum()\n"
            "    return (b_current - learning_rate * b_gradient).item(), (w_current - learning_rate * w_gradient).item()\n"
        ),
        "missing 1/N": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    error = y - (w_current * x + b_current)\n"
            "    b_gradient = -2 * error.sum()\n"
            "    w_gradient = -2 * (x * error).sum()\n"
            "    return (b_current - learning_rate * b_gradient).item(), (w_current - learning_rate * w_gradient).item()\n"
        ),
        "missing factor 2": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    error = y - (w_current * x + b_current)\n"
            "    b_gradient = -error.mean()\n"
            "    w_gradient = -(x * error).mean()\n"
            "    return (b_current - learning_rate * b_gradient).item(), (w_current - learning_rate * w_gradient).item()\n"
        ),
        "wrong sign": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    error = y - (w_current * x + b_current)\n"
            "    b_gradient = -2 * error.mean()\n"
            "    w_gradient = -2 * (x * error).mean()\n"
            "    return (b_current + learning_rate * b_gradient).item(), (w_current + learning_rate * w_gradient).item()\n"
        ),
        "w updated with the new b": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    b = b_current - learning_rate * (-2 * (y - (w_current * x + b_current)).mean())\n"
            "    w = w_current - learning_rate * (-2 * (x * (y - (w_current * x + b))).mean())\n"
            "    return b.item(), w.item()\n"
        ),
        "= instead of +=": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    b_gradient = 0\n"
            "    w_gradient = 0\n"
            "    N = float(len(points))\n"
            "    for i in range(0, len(points)):\n"
            "        x = points[i, 0]\n"
            "        y = points[i, 1]\n"
            "        b_gradient = -(2 / N) * (y - ((w_current * x) + b_current))\n"
            "        w_gradient = -(2 / N) * x * (y - ((w_current * x) + b_current))\n"
            "    new_b = b_current - (learning_rate * b_gradient)\n"
            "    new_w = w_current - (learning_rate * w_gradient)\n"
            "    return [new_b, new_w]\n"
        ),
        "returns (w, b)": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    error = y - (w_current * x + b_current)\n"
            "    new_b = b_current + learning_rate * 2 * error.mean()\n"
            "    new_w = w_current + learning_rate * 2 * (x * error).mean()\n"
            "    return new_w.item(), new_b.item()\n"
        ),
        "float32": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.FloatTensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    error = y - (w_current * x + b_current)\n"
            "    new_b = b_current + learning_rate * 2 * error.mean()\n"
            "    new_w = w_current + learning_rate * 2 * (x * error).mean()\n"
            "    return new_b.item(), new_w.item()\n"
        ),
        "numpy only": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.from_numpy(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    error = y - (w_current * x + b_current)\n"
            "    new_b = b_current + learning_rate * 2 * error.mean()\n"
            "    new_w = w_current + learning_rate * 2 * (x * error).mean()\n"
            "    return new_b.item(), new_w.item()\n"
        ),
        "in place on the points": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    x, y = points[:, 0], points[:, 1]\n"
            "    y -= w_current * x + b_current\n"
            "    new_b = b_current + learning_rate * 2 * y.mean()\n"
            "    new_w = w_current + learning_rate * 2 * (x * y).mean()\n"
            "    return float(new_b), float(new_w)\n"
        ),
    },
    "gradient_descent_runner": {
        "one iteration too many": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b, w = starting_b, starting_w\n"
            "    for i in range(num_iterations + 1):\n"
            "        b, w = _reference_step(b, w, points, learning_rate)\n"
            "    return [b, w]\n"
        ),
        "one iteration too few": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b, w = starting_b, starting_w\n"
            "    for i in range(1, num_iterations):\n"
            "        b, w = _reference_step(b, w, points, learning_rate)\n"
            "    return [b, w]\n"
        ),
        "ignores the start": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b, w = 0.0, 0.0\n"
            "    for i in range(num_iterations):\n"
            "        b, w = _reference_step(b, w, points, learning_rate)\n"
            "    return [b, w]\n"
        ),
        "returns inside the loop": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b, w = starting_b, starting_w\n"
            "    for i in range(num_iterations):\n"
            "        b, w = _reference_step(b, w, points, learning_rate)\n"
            "        return [b, w]\n"
        ),
        "returns (w, b)": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b, w = starting_b, starting_w\n"
            "    for i in range(num_iterations):\n"
            "        b, w = _reference_step(b, w, points, learning_rate)\n"
            "    return [w, b]\n"
        ),
        "numpy only": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b, w = starting_b, starting_w\n"
            "    for i in range(num_iterations):\n"
            "        b, w = _reference_step(b, w, torch.from_numpy(points), learning_rate)\n"
            "    return [b, w]\n"
        ),
        "float32": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b, w = starting_b, starting_w\n"
            "    pts = torch.as_tensor(points).float()\n"
            "    for i in range(num_iterations):\n"
            "        b, w = _reference_step(b, w, pts, learning_rate)\n"
            "    return [b, w]\n"
        ),
        "centres the data in place": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b, w = starting_b, starting_w\n"
            "    for i in range(num_iterations):\n"
            "        b, w = _reference_step(b, w, points, learning_rate)\n"
            "    points[:, 1] -= w * points[:, 0] + b\n"
            "    return [b, w]\n"
        ),
    },
    "fit_line_closed_form": {
        "polyfit order (w, b)": (
            "import numpy as np\n"
            "def fit_line_closed_form(points):\n"
            "    pts = np.asarray(points, dtype=np.float64)\n"
            "    w, b = np.polyfit(pts[:, 0], pts[:, 1], 1)\n"
            "    return float(w), float(b)\n"
        ),
        "through the origin": (
            "def fit_line_closed_form(points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    return 0.0, ((x * y).sum() / (x * x).sum()).item()\n"
        ),
        "unbiased variance over biased covariance": (
            "def fit_line_closed_form(points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    w = ((x - x.mean()) * (y - y.mean())).mean() / x.var()\n"
            "    return (y.mean() - w * x.mean()).item(), w.item()\n"
        ),
        "centres in place": (
            "def fit_line_closed_form(points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    xm, ym = x.mean(), y.mean()\n"
            "    x -= xm\n"
            "    y -= ym\n"
            "    w = (x * y).sum() / (x * x).sum()\n"
            "    return (ym - w * xm).item(), w.item()\n"
        ),
        "float32": (
            "def fit_line_closed_form(points):\n"
            "    pts = torch.tensor(points, dtype=torch.float)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    dx, dy = x - x.mean(), y - y.mean()\n"
            "    w = (dx * dy).sum() / (dx * dx).sum()\n"
            "    return (y.mean() - w * x.mean()).item(), w.item()\n"
        ),
        "numpy only": (
            "def fit_line_closed_form(points):\n"
            "    pts = torch.from_numpy(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    dx, dy = x - x.mean(), y - y.mean()\n"
            "    w = (dx * dy).sum() / (dx * dx).sum()\n"
            "    return (y.mean() - w * x.mean()).item(), w.item()\n"
        ),
    },
    "gradient_descent_1d": {
        "ascent": (
            "def gradient_descent_1d(grad, x0, learning_rate, steps):\n"
            "    x = x0\n"
            "    for _ in range(steps):\n"
            "        x = x + learning_rate * grad(x)\n"
            "    return x\n"
        ),
        "one step too many": (
            "def gradient_descent_1d(grad, x0, learning_rate, steps):\n"
            "    x = x0\n"
            "    for _ in range(steps + 1):\n"
            "        x = x - learning_rate * grad(x)\n"
            "    return x\n"
        ),
        "one step too few": (
            "def gradient_descent_1d(grad, x0, learning_rate, steps):\n"
            "    x = x0\n"
            "    for _ in range(1, steps):\n"
            "        x = x - learning_rate * grad(x)\n"
            "    return x\n"
        ),
        "derivative at x0": (
            "def gradient_descent_1d(grad, x0, learning_rate, steps):\n"
            "    x = x0\n"
            "    for _ in range(steps):\n"
            "        x = x - learning_rate * grad(x0)\n"
            "    return x\n"
        ),
        "returns a tensor": (
            "def gradient_descent_1d(grad, x0, learning_rate, steps):\n"
            "    x = torch.tensor(float(x0), dtype=torch.float64)\n"
            "    for _ in range(steps):\n"
            "        x = x - learning_rate * grad(x)\n"
            "    return x\n"
        ),
        "returns the path": (
            "def gradient_descent_1d(grad, x0, learning_rate, steps):\n"
            "    xs = [x0]\n"
            "    for _ in range(steps):\n"
            "        xs.append(xs[-1] - learning_rate * grad(xs[-1]))\n"
            "    return xs\n"
        ),
    },
}

# The reference's step, kept for the runner mistakes above (they differ from the reference only
# where their label says).
_REFERENCE_STEP = (
    "def _reference_step(b, w, points, learning_rate):\n"
    "    pts = torch.as_tensor(points)\n"
    "    x, y = pts[:, 0], pts[:, 1]\n"
    "    error = y - (w * x + b)\n"
    "    return (b + learning_rate * 2 * error.mean()).item(), (w + learning_rate * 2 * (x * error).mean()).item()\n"
)
for _label, _source in MISTAKES["gradient_descent_runner"].items():
    MISTAKES["gradient_descent_runner"][_label] = _REFERENCE_STEP + _source

# The course's gd.py, loops and all.
GD_PY_ERROR = (
    "def compute_error_for_line_given_points(b, w, points):\n"
    "    totalError = 0\n"
    "    for i in range(0, len(points)):\n"
    "        x = points[i, 0]\n"
    "        y = points[i, 1]\n"
    "        totalError += (y - (w * x + b)) ** 2\n"
    "    return float(totalError / float(len(points)))\n"
)
GD_PY_STEP = (
    "def step_gradient(b_current, w_current, points, learningRate):\n"
    "    b_gradient = 0\n"
    "    w_gradient = 0\n"
    "    N = float(len(points))\n"
    "    for i in range(0, len(points)):\n"
    "        x = points[i, 0]\n"
    "        y = points[i, 1]\n"
    "        b_gradient += -(2 / N) * (y - ((w_current * x) + b_current))\n"
    "        w_gradient += -(2 / N) * x * (y - ((w_current * x) + b_current))\n"
    "    new_b = b_current - (learningRate * b_gradient)\n"
    "    new_w = w_current - (learningRate * w_gradient)\n"
    "    return [new_b, new_w]\n"
)

ALTERNATIVES = {
    "compute_error_for_line_given_points": {
        "gd.py loop": GD_PY_ERROR,
        "numpy": (
            "import numpy as np\n"
            "def compute_error_for_line_given_points(b, w, points):\n"
            "    pts = np.asarray(points)\n"
            "    return float(np.mean((pts[:, 1] - (w * pts[:, 0] + b)) ** 2))\n"
        ),
        "mse_loss": (
            "import torch.nn.functional as F\n"
            "def compute_error_for_line_given_points(b, w, points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    return F.mse_loss(w * pts[:, 0] + b, pts[:, 1]).item()\n"
        ),
    },
    "step_gradient": {
        "gd.py loop": GD_PY_STEP,
        "autograd, 0-dim tensors": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.as_tensor(points)\n"
            "    b = torch.tensor(b_current, dtype=pts.dtype, requires_grad=True)\n"
            "    w = torch.tensor(w_current, dtype=pts.dtype, requires_grad=True)\n"
            "    loss = ((pts[:, 1] - (w * pts[:, 0] + b)) ** 2).mean()\n"
            "    loss.backward()\n"
            "    with torch.no_grad():\n"
            "        return [b - learning_rate * b.grad, w - learning_rate * w.grad]\n"
        ),
        "matrix form": (
            "def step_gradient(b_current, w_current, points, learning_rate):\n"
            "    pts = torch.as_tensor(points)\n"
            "    X = torch.stack([torch.ones_like(pts[:, 0]), pts[:, 0]], dim=1)\n"
            "    theta = torch.tensor([b_current, w_current], dtype=pts.dtype)\n"
            "    grad = -2 / len(pts) * X.T @ (pts[:, 1] - X @ theta)\n"
            "    new = theta - learning_rate * grad\n"
            "    return new[0].item(), new[1].item()\n"
        ),
    },
    "gradient_descent_runner": {
        "gd.py (calls step_gradient)": (
            GD_PY_STEP.replace("def step_gradient", "def _gd_py_step")
            + "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    b = starting_b\n"
            "    w = starting_w\n"
            "    for i in range(num_iterations):\n"
            "        b, w = _gd_py_step(b, w, points, learning_rate)\n"
            "    return [b, w]\n"
        ),
        "torch.optim.SGD": (
            "def gradient_descent_runner(points, starting_b, starting_w, learning_rate, num_iterations):\n"
            "    pts = torch.as_tensor(points)\n"
            "    b = torch.tensor(float(starting_b), dtype=pts.dtype, requires_grad=True)\n"
            "    w = torch.tensor(float(starting_w), dtype=pts.dtype, requires_grad=True)\n"
            "    opt = torch.optim.SGD([b, w], lr=learning_rate)\n"
            "    for _ in range(num_iterations):\n"
            "        opt.zero_grad()\n"
            "        ((pts[:, 1] - (w * pts[:, 0] + b)) ** 2).mean().backward()\n"
            "        opt.step()\n"
            "    return b.item(), w.item()\n"
        ),
    },
    "fit_line_closed_form": {
        "lstsq": (
            "def fit_line_closed_form(points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    A = torch.stack([torch.ones_like(pts[:, 0]), pts[:, 0]], dim=1)\n"
            "    sol = torch.linalg.lstsq(A, pts[:, 1:]).solution\n"
            "    return sol[0, 0], sol[1, 0]\n"
        ),
        "polyfit in the right order": (
            "import numpy as np\n"
            "def fit_line_closed_form(points):\n"
            "    pts = np.asarray(points, dtype=np.float64)\n"
            "    w, b = np.polyfit(pts[:, 0], pts[:, 1], 1)\n"
            "    return [b, w]\n"
        ),
        "normal equations": (
            "def fit_line_closed_form(points):\n"
            "    pts = torch.as_tensor(points)\n"
            "    x, y = pts[:, 0], pts[:, 1]\n"
            "    n = len(x)\n"
            "    w = (n * (x * y).sum() - x.sum() * y.sum()) / (n * (x * x).sum() - x.sum() ** 2)\n"
            "    b = (y.sum() - w * x.sum()) / n\n"
            "    return float(b), float(w)\n"
        ),
    },
    "gradient_descent_1d": {
        "while loop": (
            "def gradient_descent_1d(grad, x0, learning_rate, steps):\n"
            "    x, k = float(x0), 0\n"
            "    while k < steps:\n"
            "        x -= learning_rate * grad(x)\n"
            "        k += 1\n"
            "    return x\n"
        ),
    },
}
