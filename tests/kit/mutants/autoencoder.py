"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `autoencoder`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one class or function (`torch`, `F` and `nn` are already imported there). The
named mistakes of issue 16 are here: the KL divergence without the ½ and with log(sigma) where
log(sigma²) belongs, summed over the wrong dim or averaged, without the −1; the reparameterisation
with sigma dropped, as mu * sigma + eps, or with mu or sigma detached; AE without its Sigmoid, with
wrong sizes, returning a flat x_hat or not the pair (x_hat, None); VAE cutting along dim 0, kld not
divided by b·28·28, eps not drawn with randn_like, a decoder taking 20 values; vae_loss with a
summed MSE or beta ignored."""

import torch
import torch.nn.functional as F
from torch import nn

from solutions.autoencoder import reparameterize
from tests.kit.mutants.variants import alternative, mistake


@mistake("AE", "no Sigmoid at the end of the decoder")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
            )

        def forward(self, x):
            b = x.shape[0]
            x_hat = self.decoder(self.encoder(x.reshape(b, 784)))
            return x_hat.reshape(b, 1, 28, 28), None


@mistake("AE", "x_hat returned flat [b, 784]")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            return self.decoder(self.encoder(x.reshape(b, 784))), None


@mistake("AE", "returns x_hat alone, not (x_hat, None)")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            return self.decoder(self.encoder(x.reshape(b, 784))).reshape(b, 1, 28, 28)


@mistake("AE", "returns a zero tensor where None belongs")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            x_hat = self.decoder(self.encoder(x.reshape(b, 784)))
            return x_hat.reshape(b, 1, 28, 28), torch.zeros(1)


@mistake("AE", "decoder sizes 20 -> 128 -> 256 -> 784")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 128),
                nn.ReLU(),
                nn.Linear(128, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            x_hat = self.decoder(self.encoder(x.reshape(b, 784)))
            return x_hat.reshape(b, 1, 28, 28), None


@mistake("AE", "x_hat without its channel dim [b, 28, 28]")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            x_hat = self.decoder(self.encoder(x.reshape(b, 784)))
            return x_hat.reshape(b, 28, 28), None


@alternative("AE", "an nn.Flatten submodule")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )
            self.flatten = nn.Flatten()

        def forward(self, x):
            x_hat = self.decoder(self.encoder(self.flatten(x)))
            return x_hat.reshape(-1, 1, 28, 28), None


@mistake("AE", "no ReLU at the end of the encoder")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            x_hat = self.decoder(self.encoder(x.reshape(b, 784)))
            return x_hat.reshape(b, 1, 28, 28), None


@mistake("AE", "flattens the batch dim away (x.reshape(-1))")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            x_hat = self.decoder(self.encoder(x.reshape(-1)))
            return x_hat.reshape(b, 1, 28, 28), None


@alternative("AE", "view(-1, 784) and view(-1, 1, 28, 28)")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            x = x.view(-1, 784)
            x = self.encoder(x)
            x = self.decoder(x)
            return x.view(-1, 1, 28, 28), None


@alternative("AE", "flatten and unflatten")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            code = self.encoder(torch.flatten(x, start_dim=1))
            return self.decoder(code).unflatten(1, (1, 28, 28)), None


@alternative("AE", "reshape(len(x), -1) and back to x.shape")
def _():
    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            x_hat = self.decoder(self.encoder(x.reshape(len(x), -1)))
            return x_hat.reshape(x.shape), None


@mistake("reparameterize", "sigma dropped: mu + eps")
def _():
    def reparameterize(mu, sigma, eps):
        return mu + eps


@mistake("reparameterize", "mu * sigma + eps")
def _():
    def reparameterize(mu, sigma, eps):
        return mu * sigma + eps


@mistake("reparameterize", "mu and sigma detached")
def _():
    def reparameterize(mu, sigma, eps):
        return mu.detach() + sigma.detach() * eps


@mistake("reparameterize", "sigma detached")
def _():
    def reparameterize(mu, sigma, eps):
        return mu + sigma.detach() * eps


@mistake("reparameterize", "mu detached (.data)")
def _():
    def reparameterize(mu, sigma, eps):
        return mu.data + sigma * eps


@mistake("reparameterize", "computed under torch.no_grad")
def _():
    def reparameterize(mu, sigma, eps):
        with torch.no_grad():
            return mu + sigma * eps


@mistake("reparameterize", "sigma read as a log-variance")
def _():
    def reparameterize(mu, sigma, eps):
        return mu + torch.exp(0.5 * sigma) * eps


@mistake("reparameterize", "the variance scales the noise")
def _():
    def reparameterize(mu, sigma, eps):
        return mu + sigma**2 * eps


@mistake("reparameterize", "ignores eps, draws its own on the CPU")
def _():
    def reparameterize(mu, sigma, eps):
        return mu + sigma * torch.randn(mu.shape)


@alternative("reparameterize", "torch.addcmul")
def _():
    def reparameterize(mu, sigma, eps):
        return torch.addcmul(mu, sigma, eps)


@alternative("reparameterize", "eps * sigma + mu")
def _():
    def reparameterize(mu, sigma, eps):
        return eps * sigma + mu


@alternative("reparameterize", "eps detached (it is a constant)")
def _():
    def reparameterize(mu, sigma, eps):
        return mu + sigma * eps.detach()


@alternative("reparameterize", "mul and add methods")
def _():
    def reparameterize(mu, sigma, eps):
        return eps.mul(sigma).add(mu)


@alternative("reparameterize", "a Normal's loc and scale")
def _():
    def reparameterize(mu, sigma, eps):
        normal = torch.distributions.Normal(mu, sigma, validate_args=False)
        return normal.loc + normal.scale * eps


@mistake("gaussian_kl", "without the ½")
def _():
    def gaussian_kl(mu, sigma):
        return (mu**2 + sigma**2 - torch.log(sigma**2) - 1).sum(dim=-1)


@mistake("gaussian_kl", "log(sigma) where log(sigma²) belongs")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * (mu**2 + sigma**2 - torch.log(sigma) - 1).sum(dim=-1)


@mistake("gaussian_kl", "summed over dim 0")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * (mu**2 + sigma**2 - torch.log(sigma**2) - 1).sum(dim=0)


@mistake("gaussian_kl", "averaged over the last dim")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * (mu**2 + sigma**2 - torch.log(sigma**2) - 1).mean(dim=-1)


@mistake("gaussian_kl", "summed over everything")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(sigma**2) - 1)


@mistake("gaussian_kl", "the −1 missing")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * (mu**2 + sigma**2 - torch.log(sigma**2)).sum(dim=-1)


@mistake("gaussian_kl", "sigma where sigma² belongs")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * (mu**2 + sigma - torch.log(sigma**2) - 1).sum(dim=-1)


@mistake("gaussian_kl", "-KL: 0.5 * sum(1 + log var - mu² - var)")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * torch.sum(1 + torch.log(sigma**2) - mu**2 - sigma**2, dim=-1)


@mistake("gaussian_kl", "the log's sign flipped")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * (mu**2 + sigma**2 + torch.log(sigma**2) - 1).sum(dim=-1)


@mistake("gaussian_kl", "the −1 as a tensor of ones on the CPU")
def _():
    def gaussian_kl(mu, sigma):
        ones = torch.ones(mu.shape, dtype=mu.dtype)
        return 0.5 * (mu**2 + sigma**2 - torch.log(sigma**2) - ones).sum(dim=-1)


@mistake("gaussian_kl", "not summed")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * (mu**2 + sigma**2 - torch.log(sigma**2) - 1)


@mistake("gaussian_kl", "detached (a number that cannot train)")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * (mu**2 + sigma**2 - torch.log(sigma**2) - 1).sum(dim=-1).detach()


@alternative("gaussian_kl", "the course's log(1e-8 + sigma²)")
def _():
    def gaussian_kl(mu, sigma):
        return 0.5 * torch.sum(
            torch.pow(mu, 2) + torch.pow(sigma, 2) - torch.log(1e-8 + torch.pow(sigma, 2)) - 1,
            dim=-1,
        )


@alternative("gaussian_kl", "2 * log(sigma)")
def _():
    def gaussian_kl(mu, sigma):
        return (0.5 * (mu**2 + sigma**2 - 1) - torch.log(sigma)).sum(-1)


@alternative("gaussian_kl", "-0.5 * sum(1 + log var - mu² - var)")
def _():
    def gaussian_kl(mu, sigma):
        var = sigma.pow(2)
        return -0.5 * torch.sum(1 + var.log() - mu.pow(2) - var, dim=-1)


@alternative("gaussian_kl", "torch.distributions.kl_divergence")
def _():
    def gaussian_kl(mu, sigma):
        q = torch.distributions.Normal(mu, sigma, validate_args=False)
        p = torch.distributions.Normal(
            torch.zeros_like(mu), torch.ones_like(sigma), validate_args=False
        )
        return torch.distributions.kl_divergence(q, p).sum(-1)


@mistake("VAE", "chunk along dim 0")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=0)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "kld not divided by b * 28 * 28")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1)
            return x_hat, kld


@mistake("VAE", "kld divided by b only")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / b
            return x_hat, kld


@mistake("VAE", "kld without the ½")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "kld with log(sigma) where log(sigma²) belongs")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "kld without the 1e-8 (inf where sigma is 0)")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "kld a mean over the code values")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.mean(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1)
            return x_hat, kld


@mistake("VAE", "eps drawn with rand_like")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.rand_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "eps drawn on the CPU with torch.randn(shape)")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn(sigma.shape)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "eps from a generator of its own")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn(sigma.shape, generator=torch.Generator().manual_seed(0))
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "no noise: h = mu")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "mu and sigma swapped")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            sigma, mu = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "sigma dropped: h = mu + eps")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "sigma detached in h")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma.detach() * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "eps drawn for h_ [b, 20] and cut")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(h_)[:, :10]
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@mistake("VAE", "x_hat without its channel dim")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat.reshape(b, 28, 28), kld


@mistake("VAE", "x_hat returned flat")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat.reshape(b, 784), kld


@mistake("VAE", "returns x_hat alone")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)  # noqa: F841
            return x_hat


@mistake("VAE", "decoder takes 20 values (h = cat(mu, sigma) noised)")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(20, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = h_ + torch.cat([sigma, sigma], dim=1) * torch.randn_like(h_)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@alternative("VAE", "split(10, dim=1) and torch.pow")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = torch.split(h_, 10, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = (
                0.5
                * torch.sum(
                    torch.pow(mu, 2)
                    + torch.pow(sigma, 2)
                    - torch.log(1e-8 + torch.pow(sigma, 2))
                    - 1
                )
                / (b * 28 * 28)
            )
            return x_hat, kld


@alternative("VAE", "slices, randn with the dtype and device, reparameterize")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_[:, :10], h_[:, 10:]
            eps = torch.randn(sigma.shape, dtype=sigma.dtype, device=sigma.device)
            h = reparameterize(mu, sigma, eps)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * torch.sum(mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1) / (b * 28 * 28)
            return x_hat, kld


@alternative("VAE", "per-code KL summed, mean over the batch, / 784")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            b = x.shape[0]
            h_ = self.encoder(x.reshape(b, 784))
            mu, sigma = h_.chunk(2, dim=1)
            h = mu + sigma * torch.randn_like(sigma)
            x_hat = self.decoder(h).reshape(b, 1, 28, 28)
            kld = 0.5 * (mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1).sum(dim=1).mean() / 784
            return x_hat, kld


@alternative("VAE", "randn_like(mu), flatten and view")
def _():
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(784, 256),
                nn.ReLU(),
                nn.Linear(256, 64),
                nn.ReLU(),
                nn.Linear(64, 20),
                nn.ReLU(),
            )
            self.decoder = nn.Sequential(
                nn.Linear(10, 64),
                nn.ReLU(),
                nn.Linear(64, 256),
                nn.ReLU(),
                nn.Linear(256, 784),
                nn.Sigmoid(),
            )

        def forward(self, x):
            mu, sigma = self.encoder(torch.flatten(x, 1)).chunk(2, dim=1)
            eps = torch.randn_like(mu)
            x_hat = self.decoder(mu + sigma * eps).view(x.size(0), 1, 28, 28)
            var = sigma * sigma
            kld = 0.5 * (mu * mu + var - torch.log(var + 1e-8) - 1).sum() / x.numel()
            return x_hat, kld


@mistake("vae_loss", "sum instead of mean MSE")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return F.mse_loss(x_hat, x, reduction="sum") + beta * kld


@mistake("vae_loss", "beta ignored")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return F.mse_loss(x_hat, x) + kld


@mistake("vae_loss", "returns the ELBO, not -elbo")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return -F.mse_loss(x_hat, x) - beta * kld


@mistake("vae_loss", "KL term subtracted")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return F.mse_loss(x_hat, x) - beta * kld


@mistake("vae_loss", "beta weighs the whole loss")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return beta * (F.mse_loss(x_hat, x) + kld)


@mistake("vae_loss", "no KL term")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return F.mse_loss(x_hat, x)


@mistake("vae_loss", "binary cross entropy instead of MSE")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return F.binary_cross_entropy(x_hat, x) + beta * kld


@mistake("vae_loss", "L1 instead of MSE")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return F.l1_loss(x_hat, x) + beta * kld


@mistake("vae_loss", "MSE averaged per image only")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return ((x_hat - x) ** 2).sum() / x.shape[0] + beta * kld


@mistake("vae_loss", "MSE taken as a number (.item())")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return F.mse_loss(x_hat, x).item() + beta * kld


@mistake("vae_loss", "beta as a 1-element tensor on the CPU")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return F.mse_loss(x_hat, x) + torch.tensor([beta]) * kld


@alternative("vae_loss", "the course's -elbo")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        elbo = -F.mse_loss(x_hat, x) - beta * kld
        return -elbo


@alternative("vae_loss", "mean of squares by hand")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return ((x_hat - x) ** 2).mean() + beta * kld


@alternative("vae_loss", "nn.MSELoss and torch.add")
def _():
    def vae_loss(x_hat, x, kld, beta=1.0):
        return torch.add(nn.MSELoss()(x_hat, x), kld, alpha=beta)
