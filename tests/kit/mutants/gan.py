"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `gan`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one class or function (`math`, `torch` and `nn` are already imported there)."""

import math

import torch
from torch import nn

from solutions.gan import discriminator_loss, generator_loss, gradient_penalty
from tests.kit.mutants.variants import alternative, mistake


# -- Generator -------------------------------------------------------------------------------------
@mistake("Generator", "two hidden layers")
def _():
    class Generator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, 2),
            )

        def forward(self, z):
            return self.net(z)


@mistake("Generator", "h_dim ignored: the course's global 400")
def _():
    class Generator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            h = 400
            self.net = nn.Sequential(
                nn.Linear(2, h),
                nn.ReLU(),
                nn.Linear(h, h),
                nn.ReLU(),
                nn.Linear(h, h),
                nn.ReLU(),
                nn.Linear(h, 2),
            )

        def forward(self, z):
            return self.net(z)


@mistake("Generator", "LeakyReLU between the layers")
def _():
    class Generator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.LeakyReLU(),
                nn.Linear(h_dim, h_dim),
                nn.LeakyReLU(),
                nn.Linear(h_dim, h_dim),
                nn.LeakyReLU(),
                nn.Linear(h_dim, 2),
            )

        def forward(self, z):
            return self.net(z)


@mistake("Generator", "Tanh at the end")
def _():
    class Generator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, 2),
                nn.Tanh(),
            )

        def forward(self, z):
            return self.net(z)


@alternative("Generator", "the course's in-place ReLU(True)")
def _():
    class Generator(nn.Module):
        def __init__(self, h_dim=400):
            super(Generator, self).__init__()  # noqa: UP008
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(True),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(True),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(True),
                nn.Linear(h_dim, 2),
            )

        def forward(self, z):
            output = self.net(z)
            return output


@alternative("Generator", "layers built in a loop")
def _():
    class Generator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            layers, width = [], 2
            for _ in range(3):
                layers += [nn.Linear(width, h_dim), nn.ReLU()]
                width = h_dim
            self.net = nn.Sequential(*layers, nn.Linear(h_dim, 2))

        def forward(self, z):
            return self.net(z)


# -- Discriminator ---------------------------------------------------------------------------------
@mistake("Discriminator", "Sigmoid missing")
def _():
    class Discriminator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, 1),
            )

        def forward(self, x):
            return self.net(x).view(-1)


@mistake("Discriminator", "output [b, 1]: view(-1) missing")
def _():
    class Discriminator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, 1),
                nn.Sigmoid(),
            )

        def forward(self, x):
            return self.net(x)


@mistake("Discriminator", "squeeze() makes one point 0-dim")
def _():
    class Discriminator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, 1),
                nn.Sigmoid(),
            )

        def forward(self, x):
            return self.net(x).squeeze()


@mistake("Discriminator", "torch.sigmoid in forward, no Sigmoid module")
def _():
    class Discriminator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, 1),
            )

        def forward(self, x):
            return torch.sigmoid(self.net(x)).view(-1)


@mistake("Discriminator", "two hidden layers")
def _():
    class Discriminator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, 1),
                nn.Sigmoid(),
            )

        def forward(self, x):
            return self.net(x).view(-1)


@mistake("Discriminator", "h_dim ignored: the course's global 400")
def _():
    class Discriminator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            h = 400
            self.net = nn.Sequential(
                nn.Linear(2, h),
                nn.ReLU(),
                nn.Linear(h, h),
                nn.ReLU(),
                nn.Linear(h, h),
                nn.ReLU(),
                nn.Linear(h, 1),
                nn.Sigmoid(),
            )

        def forward(self, x):
            return self.net(x).view(-1)


@alternative("Discriminator", "the course's in-place ReLU(True), reshape(-1)")
def _():
    class Discriminator(nn.Module):
        def __init__(self, h_dim=400):
            super(Discriminator, self).__init__()  # noqa: UP008
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(True),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(True),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(True),
                nn.Linear(h_dim, 1),
                nn.Sigmoid(),
            )

        def forward(self, x):
            output = self.net(x)
            return output.reshape(-1)


@alternative("Discriminator", "squeeze(-1)")
def _():
    class Discriminator(nn.Module):
        def __init__(self, h_dim=400):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(2, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, h_dim),
                nn.ReLU(),
                nn.Linear(h_dim, 1),
                nn.Sigmoid(),
            )

        def forward(self, x):
            return self.net(x).squeeze(-1)


# -- eight_gaussians -------------------------------------------------------------------------------
@mistake("eight_gaussians", "noise drawn before the centres (randn first)")
def _():
    def eight_gaussians(batch_size, generator=None):
        s = 1.0 / math.sqrt(2.0)
        centres = 2.0 * torch.tensor(
            [(1, 0), (-1, 0), (0, 1), (0, -1), (s, s), (s, -s), (-s, s), (-s, -s)]
        )
        noise = 0.02 * torch.randn(batch_size, 2, generator=generator)
        index = torch.randint(8, (batch_size,), generator=generator)
        return (centres[index] + noise) / 1.414


@mistake("eight_gaussians", "not divided by 1.414")
def _():
    def eight_gaussians(batch_size, generator=None):
        s = 1.0 / math.sqrt(2.0)
        centres = 2.0 * torch.tensor(
            [(1, 0), (-1, 0), (0, 1), (0, -1), (s, s), (s, -s), (-s, s), (-s, -s)]
        )
        index = torch.randint(8, (batch_size,), generator=generator)
        return centres[index] + 0.02 * torch.randn(batch_size, 2, generator=generator)


@mistake("eight_gaussians", "divided by math.sqrt(2)")
def _():
    def eight_gaussians(batch_size, generator=None):
        s = 1.0 / math.sqrt(2.0)
        centres = 2.0 * torch.tensor(
            [(1, 0), (-1, 0), (0, 1), (0, -1), (s, s), (s, -s), (-s, s), (-s, -s)]
        )
        index = torch.randint(8, (batch_size,), generator=generator)
        noise = 0.02 * torch.randn(batch_size, 2, generator=generator)
        return (centres[index] + noise) / math.sqrt(2)


@mistake("eight_gaussians", "centres in order around the circle")
def _():
    def eight_gaussians(batch_size, generator=None):
        angles = torch.arange(8) * (math.pi / 4)
        centres = 2.0 * torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
        index = torch.randint(8, (batch_size,), generator=generator)
        noise = 0.02 * torch.randn(batch_size, 2, generator=generator)
        return (centres[index] + noise) / 1.414


@mistake("eight_gaussians", "generator not passed on")
def _():
    def eight_gaussians(batch_size, generator=None):
        s = 1.0 / math.sqrt(2.0)
        centres = 2.0 * torch.tensor(
            [(1, 0), (-1, 0), (0, 1), (0, -1), (s, s), (s, -s), (-s, s), (-s, -s)]
        )
        index = torch.randint(8, (batch_size,))
        noise = 0.02 * torch.randn(batch_size, 2)
        return (centres[index] + noise) / 1.414


@alternative("eight_gaussians", "the course's list comprehension of scaled centres")
def _():
    def eight_gaussians(batch_size, generator=None):
        scale = 2.0
        centers = [
            (1, 0),
            (-1, 0),
            (0, 1),
            (0, -1),
            (1.0 / math.sqrt(2), 1.0 / math.sqrt(2)),
            (1.0 / math.sqrt(2), -1.0 / math.sqrt(2)),
            (-1.0 / math.sqrt(2), 1.0 / math.sqrt(2)),
            (-1.0 / math.sqrt(2), -1.0 / math.sqrt(2)),
        ]
        centers = torch.tensor([(scale * x, scale * y) for x, y in centers])
        choice = torch.randint(0, 8, (batch_size,), generator=generator)
        points = torch.randn(batch_size, 2, generator=generator) * 0.02 + centers[choice]
        points /= 1.414
        return points


# -- gradient_penalty ------------------------------------------------------------------------------
@mistake("gradient_penalty", "norm over the whole batch")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * ((grads.norm(2) - 1) ** 2).mean()


@mistake("gradient_penalty", "no create_graph")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores))
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()


@mistake("gradient_penalty", "xr and xf not detached")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = alpha * xr + (1 - alpha) * xf
        if not x_hat.requires_grad:
            x_hat.requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()


@mistake("gradient_penalty", "alpha drawn [b, 2]")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 2, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()


@mistake("gradient_penalty", "one alpha for the whole batch")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()


@mistake("gradient_penalty", "alpha not moved to xr's device")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()


@mistake("gradient_penalty", "alpha not moved to xr's dtype")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(xr.device)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()


@mistake("gradient_penalty", "lam ignored: the course's LAMBDA = 0.3")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        LAMBDA = 0.3
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return ((grads.norm(2, dim=1) - 1) ** 2).mean() * LAMBDA


@mistake("gradient_penalty", "(norm - 1) not squared")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * (grads.norm(2, dim=1) - 1).mean()


@mistake("gradient_penalty", "alpha weights xf")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xf + (1 - alpha) * xr).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()


@alternative("gradient_penalty", "the course's expand_as and only_inputs")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xf = xf.detach()
        xr = xr.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(xr.device).to(xr.dtype)
        alpha = alpha.expand_as(xr)
        interpolates = alpha * xr + ((1 - alpha) * xf)
        interpolates.requires_grad_()
        disc_interpolates = D(interpolates)
        gradients = torch.autograd.grad(
            outputs=disc_interpolates,
            inputs=interpolates,
            grad_outputs=torch.ones_like(disc_interpolates),
            create_graph=True,
            retain_graph=True,
            only_inputs=True,
        )[0]
        gp = ((gradients.norm(2, dim=1) - 1) ** 2).mean() * lam
        return gp


@alternative("gradient_penalty", "sum of scores, norm by hand")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        if alpha is None:
            alpha = torch.rand(len(xr), 1, generator=generator)
        a = alpha.to(xr)
        mix = torch.lerp(xf.detach(), xr.detach(), a).requires_grad_(True)
        grads = torch.autograd.grad(D(mix).sum(), mix, create_graph=True)[0]
        norms = grads.pow(2).sum(dim=1).sqrt()
        return lam * torch.mean((norms - 1) ** 2)


# -- discriminator_loss ----------------------------------------------------------------------------
@mistake("discriminator_loss", "signs swapped")
def _():
    def discriminator_loss(D, xr, xf):
        return D(xr).mean() - D(xf.detach()).mean()


@mistake("discriminator_loss", "xf not detached")
def _():
    def discriminator_loss(D, xr, xf):
        return -D(xr).mean() + D(xf).mean()


@mistake("discriminator_loss", "sums instead of means")
def _():
    def discriminator_loss(D, xr, xf):
        return -D(xr).sum() + D(xf.detach()).sum()


@alternative("discriminator_loss", "the course's lossr + lossf")
def _():
    def discriminator_loss(D, xr, xf):
        predr = D(xr)
        lossr = -(predr.mean())
        xf = xf.detach()
        predf = D(xf)
        lossf = predf.mean()
        return lossr + lossf


@alternative("discriminator_loss", "torch.mean, the fake term first")
def _():
    def discriminator_loss(D, xr, xf):
        return torch.mean(D(xf.detach())) - torch.mean(D(xr))


# -- generator_loss --------------------------------------------------------------------------------
@mistake("generator_loss", "sign wrong")
def _():
    def generator_loss(D, xf):
        return D(xf).mean()


@mistake("generator_loss", "xf detached")
def _():
    def generator_loss(D, xf):
        return -D(xf.detach()).mean()


@alternative("generator_loss", "the course's -(predf.mean())")
def _():
    def generator_loss(D, xf):
        predf = D(xf)
        loss_G = -(predf.mean())
        return loss_G


# -- wgan_gp_step ----------------------------------------------------------------------------------
@mistake("wgan_gp_step", "D updated during the generator step")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        loss_D = discriminator_loss(D, xr, G(z)) + gradient_penalty(D, xr, G(z), lam)
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = generator_loss(D, G(z))
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        opt_D.step()
        return loss_D.item(), loss_G.item()


@mistake("wgan_gp_step", "returns tensors")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        loss_D = discriminator_loss(D, xr, G(z)) + gradient_penalty(D, xr, G(z), lam)
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = generator_loss(D, G(z))
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        return loss_D.detach(), loss_G.detach()


@mistake("wgan_gp_step", "grads not zeroed")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        loss_D = discriminator_loss(D, xr, G(z)) + gradient_penalty(D, xr, G(z), lam)
        loss_D.backward()
        opt_D.step()
        loss_G = generator_loss(D, G(z))
        loss_G.backward()
        opt_G.step()
        return loss_D.item(), loss_G.item()


@mistake("wgan_gp_step", "G(z) not detached for D's step, G's grads not zeroed")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        xf = G(z)
        loss_D = -D(xr).mean() + D(xf).mean() + gradient_penalty(D, xr, xf, lam)
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = -D(G(z)).mean()
        loss_G.backward()
        opt_G.step()
        return loss_D.item(), loss_G.item()


@mistake("wgan_gp_step", "penalty left out")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        loss_D = discriminator_loss(D, xr, G(z))
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = generator_loss(D, G(z))
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        return loss_D.item(), loss_G.item()


@mistake("wgan_gp_step", "signs of the Wasserstein losses swapped")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        xf = G(z).detach()
        loss_D = D(xr).mean() - D(xf).mean() + gradient_penalty(D, xr, xf, lam)
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = D(G(z)).mean()
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        return loss_D.item(), loss_G.item()


@mistake("wgan_gp_step", "alpha not moved to xr's device")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        xf = G(z).detach()
        alpha = torch.rand(xr.shape[0], 1, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        grads = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)[0]
        gp = lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()
        loss_D = -D(xr).mean() + D(xf).mean() + gp
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = -D(G(z)).mean()
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        return loss_D.item(), loss_G.item()


@alternative("wgan_gp_step", "the three functions of the topic")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        loss_D = discriminator_loss(D, xr, G(z)) + gradient_penalty(D, xr, G(z), lam)
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = generator_loss(D, G(z))
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        return loss_D.item(), loss_G.item()


@alternative("wgan_gp_step", "the course's loop body, G(z) computed once")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        xf = G(z)
        predr = D(xr)
        lossr = -(predr.mean())
        predf = D(xf.detach())
        lossf = predf.mean()
        gp = gradient_penalty(D, xr, xf, lam)
        loss_D = lossr + lossf + gp
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = -(D(xf).mean())
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        return float(loss_D), float(loss_G)


# -- more ------------------------------------------------------------------------------------------
@mistake("eight_gaussians", "centres in float64, as numpy gives them")
def _():
    def eight_gaussians(batch_size, generator=None):
        s = 1.0 / math.sqrt(2.0)
        centres = 2.0 * torch.tensor(
            [(1, 0), (-1, 0), (0, 1), (0, -1), (s, s), (s, -s), (-s, s), (-s, -s)],
            dtype=torch.float64,
        )
        index = torch.randint(8, (batch_size,), generator=generator)
        noise = 0.02 * torch.randn(batch_size, 2, generator=generator)
        return (centres[index] + noise) / 1.414


@mistake("gradient_penalty", "the squared norm")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * (((grads**2).sum(dim=1) - 1) ** 2).mean()


@mistake("gradient_penalty", "grad_outputs missing")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
        (grads,) = torch.autograd.grad(D(x_hat), x_hat, create_graph=True)
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()


@mistake("wgan_gp_step", "lam not passed on to the penalty")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        loss_D = discriminator_loss(D, xr, G(z)) + gradient_penalty(D, xr, G(z))
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = generator_loss(D, G(z))
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        return loss_D.item(), loss_G.item()


@mistake("wgan_gp_step", "loss_D returned without its penalty")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        loss = discriminator_loss(D, xr, G(z))
        opt_D.zero_grad()
        (loss + gradient_penalty(D, xr, G(z), lam)).backward()
        opt_D.step()
        loss_G = generator_loss(D, G(z))
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        return loss.item(), loss_G.item()


@mistake("wgan_gp_step", "the generator updated first")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        loss_G = generator_loss(D, G(z))
        opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        loss_D = discriminator_loss(D, xr, G(z)) + gradient_penalty(D, xr, G(z), lam)
        opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        return loss_D.item(), loss_G.item()


@alternative("wgan_gp_step", "zero_grad before the forward, set_to_none=False")
def _():
    def wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam=0.3):
        opt_D.zero_grad(set_to_none=False)
        with torch.no_grad():
            xf = G(z)
        loss_D = discriminator_loss(D, xr, xf) + gradient_penalty(D, xr, xf, lam=lam)
        loss_D.backward()
        opt_D.step()
        opt_G.zero_grad(set_to_none=False)
        loss_G = generator_loss(D, G(z))
        loss_G.backward()
        opt_G.step()
        return loss_D.item(), loss_G.item()


@mistake("gradient_penalty", "mixed in place on the detached xr (it shares xr's memory)")
def _():
    def gradient_penalty(D, xr, xf, lam=0.3, alpha=None, generator=None):
        xr, xf = xr.detach(), xf.detach()
        if alpha is None:
            alpha = torch.rand(xr.shape[0], 1, generator=generator)
        alpha = alpha.to(device=xr.device, dtype=xr.dtype)
        x_hat = xr.mul_(alpha).add_((1 - alpha) * xf).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        return lam * ((grads.norm(2, dim=1) - 1) ** 2).mean()
