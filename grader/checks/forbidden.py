"""Names of built-ins that "by hand" exercises forbid, as the sandbox records them at run time
(a function's or method's __name__; a torch.ops overload such as "log_softmax.int" counts by its
name before the dot) and as they appear in source (a module's attribute, a class)."""

# Tensor.backward, torch.autograd.grad, torch.autograd.functional's jacobian/hessian/vjp/jvp
AUTOGRAD_CALLS = frozenset({"backward", "grad", "jacobian", "hessian", "vjp", "jvp"})

SOFTMAX_CALLS = frozenset(
    {
        "softmax",
        "log_softmax",
        "_softmax",
        "_log_softmax",
        "special_softmax",
        "special_log_softmax",
        "Softmax",
        "LogSoftmax",
    }
)

CROSS_ENTROPY_CALLS = SOFTMAX_CALLS | frozenset(
    {
        "cross_entropy",
        "cross_entropy_loss",
        "nll_loss",
        "nll_loss_nd",
        "nll_loss2d",
        "CrossEntropyLoss",
        "NLLLoss",
    }
)

BINARY_CROSS_ENTROPY_CALLS = frozenset(
    {"binary_cross_entropy", "binary_cross_entropy_with_logits", "BCELoss", "BCEWithLogitsLoss"}
)
