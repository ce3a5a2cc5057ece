"""The averaging shared by schedule_free_sgd and schedule_free_adamw.

Both references keep y (the training weights, in the parameter) and z (the
base iterate), with k = t − 1 their own step counter:
    lr_k   = lr·(k + 1)/warmup_steps while k < warmup_steps, else lr
    lr_max = max(lr_max, lr_k)            (lr_max starts at −1)
    weight = (k + 1)^r · lr_max^weight_lr_power,  weight_sum += weight
    c      = weight / weight_sum          (0 when weight_sum is 0)
then, with d the step direction (the gradient, or Adam's normalised one):
    y = lerp(y, z, c) + lr_k·(beta·(1 − c) − 1)·d
    z = z − lr_k·d
and evaluate at x = lerp(y, z, 1 − 1/beta), as the reference's eval() does.
"""
from __future__ import annotations

from ._ops import torch_lerp


class Averaging:
    def __init__(self, warmup_steps: int, r: float, weight_lr_power: float):
        self.warmup_steps, self.r, self.power = warmup_steps, r, weight_lr_power
        self.lr_max = -1.0
        self.weight_sum = 0.0
        self.z = None

    def coefficients(self, lr: float, t: int):
        """(lr_k, c) for host step t."""
        k = t - 1
        sched = (k + 1) / self.warmup_steps if k < self.warmup_steps else 1.0
        lr_k = lr * sched
        self.lr_max = max(lr_k, self.lr_max)
        weight = ((k + 1) ** self.r) * (self.lr_max ** self.power)
        self.weight_sum = self.weight_sum + weight
        c = weight / self.weight_sum if self.weight_sum != 0 else 0.0
        return lr_k, c

    def step(self, y, d, lr_k: float, c: float, beta: float):
        if self.z is None:
            self.z = y.copy()
        y = torch_lerp(y, self.z, c)
        y = y + (lr_k * (beta * (1 - c) - 1)) * d
        self.z = self.z - lr_k * d
        return y

    def evaluation(self, y, beta: float):
        return torch_lerp(y, self.z, 1 - 1 / beta)
