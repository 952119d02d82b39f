"""PyTorch on the GPU workloads of bench/Strata.GpuBench, printed in its format ("workload key=value ..."):
mnist_eager and mnist_graph (the chapter 2 network, batch 128, data on the GPU; eager, and the step captured as one
CUDA graph), convnet_eager (the chapter 8 convnet, batch 64), gemm (torch.matmul, n = 4096)."""
import argparse, gzip, os, time
import numpy as np
import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--data"); parser.add_argument("--epochs", type=int, default=4); parser.add_argument("--samples", type=int, default=60000)
parser.add_argument("--workloads", default="mnist,convnet,gemm"); parser.add_argument("--device", default="cuda")
args = parser.parse_args()
dev = torch.device("cuda")

def idx(path, offset):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)

if args.data and os.path.exists(f"{args.data}/mnist.npz"):
    with np.load(f"{args.data}/mnist.npz") as f:
        xtr, ytr, xte, yte = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    xtr, ytr = xtr[: args.samples], ytr[: args.samples]
elif args.data:
    d = f"{args.data}/mnist-idx"
    xtr = idx(f"{d}/train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28)[: args.samples]
    ytr = idx(f"{d}/train-labels-idx1-ubyte.gz", 8)[: args.samples]
    xte = idx(f"{d}/t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28); yte = idx(f"{d}/t10k-labels-idx1-ubyte.gz", 8)
else:
    rng = np.random.default_rng(1)
    xtr = rng.integers(0, 256, (args.samples, 28, 28), dtype=np.uint8); ytr = (np.arange(args.samples) * 7 % 10).astype(np.uint8)
    xte, yte = xtr[:10000], ytr[:10000]
def tensors(x, y):
    return torch.tensor(x, dtype=torch.float32, device=dev).div_(255).unsqueeze(1), torch.tensor(y, dtype=torch.long, device=dev)
Xtr, Ytr = tensors(xtr, ytr); Xte, Yte = tensors(xte, yte)

def keras_rmsprop(params):  # Keras's RMSprop: lr 1e-3, rho 0.9, eps 1e-7 inside the root
    return torch.optim.RMSprop(params, lr=1e-3, alpha=0.9, eps=1e-7)

def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()

def train(name, model, x, y, batch, step_fn=None):
    opt = keras_rmsprop(model.parameters()); loss_fn = nn.CrossEntropyLoss()
    def step(xb, yb):
        opt.zero_grad(set_to_none=False); loss = loss_fn(model(xb), yb); loss.backward(); opt.step(); return loss
    step = step_fn(step, model, opt, x, batch) if step_fn else step
    times = []
    for _ in range(args.epochs):
        torch.cuda.synchronize(); t = time.perf_counter()
        perm = torch.randperm(x.shape[0], device=dev)
        for i in range(0, x.shape[0] - batch + 1, batch):
            idx = perm[i : i + batch]; step(x[idx], y[idx])
        torch.cuda.synchronize(); times.append(time.perf_counter() - t)
    later = sorted(times[1:]) or times
    print(f"{name} epoch_s={later[len(later) // 2]:.4f} first_epoch_s={times[0]:.4f} epochs={args.epochs} test_acc={accuracy(model, Xte if 'conv' in name else Xte.flatten(1), Yte):.4f}")

def graphed(step, model, opt, x, batch):  # the whole step captured once as a CUDA graph, replayed per batch
    xs, ys = x[:batch].clone(), Ytr[:batch].clone()
    s = torch.cuda.Stream(); s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3): step(xs, ys)
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g): step(xs, ys)
    def replay(xb, yb):
        xs.copy_(xb); ys.copy_(yb); g.replay()
    return replay

def mlp(): return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10)).to(dev)
def convnet():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(64, 128, 3), nn.ReLU(), nn.Flatten(), nn.Linear(128 * 3 * 3, 10)).to(dev)

w = args.workloads.split(",")
if "mnist" in w:
    train("mnist_eager", mlp(), Xtr.flatten(1), Ytr, 128)
    train("mnist_graph", mlp(), Xtr.flatten(1), Ytr, 128, graphed)
if "convnet" in w:
    train("convnet_eager", convnet(), Xtr, Ytr, 64)
if "gemm" in w:
    n = 4096; a = torch.rand(n, n, device=dev); b = torch.rand(n, n, device=dev)
    for _ in range(3): a @ b
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(5): a @ b
    torch.cuda.synchronize(); s = (time.perf_counter() - t) / 5
    print(f"gemm n={n} gflops={2 * n ** 3 / s / 1e9:.1f} s={s:.4f} device=cuda")
