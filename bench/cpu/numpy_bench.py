"""numpy side of bench/cpu_bench.ts: the same workloads and inputs, printed as one JSON object.

    python3 bench/cpu/numpy_bench.py            # time workloads (seconds per call)
    python3 bench/cpu/numpy_bench.py --memory   # peak MiB while holding one 1e8 float32 array

The inputs use the same LCG as bench/cpu/common.ts. Timing: median of 7 batches of at least
`min_batch_ms` each, after a warm-up, as the TypeScript side does.
"""
import json
import sys
import time


def lcg(n, seed):
    import numpy as np
    # s_{i+1} = 1664525 s_i + 1013904223 mod 2^32, vectorised by jumping in blocks.
    out = np.empty(n, dtype=np.uint64)
    s = seed
    # Sequential generation is fast enough for 1e6 elements with a Python loop in chunks of the
    # affine map's powers; keep it simple and exact.
    a, c, m = 1664525, 1013904223, 1 << 32
    block = 4096
    # Coefficients of s_{k} = A_k s_0 + C_k for k = 1..block.
    A = np.empty(block, dtype=np.uint64)
    C = np.empty(block, dtype=np.uint64)
    ak, ck = 1, 0
    for k in range(block):
        ak, ck = (ak * a) % m, (ck * a + c) % m
        A[k], C[k] = ak, ck
    i = 0
    while i < n:
        k = min(block, n - i)
        vals = (A[:k] * np.uint64(s) + C[:k]) % np.uint64(m)
        out[i:i + k] = vals
        s = int(vals[-1])
        i += k
    return (out.astype(np.float64) / 4294967296.0 - 0.5).astype(np.float32)


def time_case(fn, min_batch_ms, rounds=7):
    t0 = time.perf_counter()
    i = 0
    while i < 5 or time.perf_counter() - t0 < 0.3:
        fn()
        i += 1
    n = 1
    while True:
        t = batch(fn, n)
        if t * 1e3 >= min_batch_ms or n >= 1 << 24:
            break
        n = max(n * 2, int(n * min_batch_ms * 1.2 / max(t * 1e3, 1e-3)) + 1)
    times = sorted(batch(fn, n) / n for _ in range(rounds))
    return times[len(times) // 2]


def batch(fn, n):
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - t0


def peak_memory():
    import numpy as np
    # Reset the peak RSS (VmHWM) to the current RSS, then allocate and read the peak.
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = status_kib("VmRSS")
    host = np.full(100_000_000, 1.0, dtype=np.float32)  # the user's data
    x = np.asarray(host)
    peak = status_kib("VmHWM")
    del x
    return (peak - before) / 1024


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def main():
    import numpy as np
    if "--memory" in sys.argv:
        print(json.dumps({"memory": peak_memory()}))
        return
    min_batch_ms = float(sys.argv[1]) if len(sys.argv) > 1 else 50
    mm_a = lcg(1024 * 1024, 1).reshape(1024, 1024)
    mm_b = lcg(1024 * 1024, 2).reshape(1024, 1024)
    lin_x, lin_w, lin_b = lcg(1600, 3).reshape(16, 100), lcg(6400, 4).reshape(100, 64), lcg(64, 5)
    dot_a, dot_b = lcg(15000, 6).reshape(100, 150), lcg(15000, 7).reshape(100, 150)
    add_a, add_b = lcg(10, 8), lcg(10, 9)
    exp_a = lcg(1_000_000, 10)
    res = {
        "matmul": time_case(lambda: mm_a @ mm_b, max(min_batch_ms, 100)),
        "linear": time_case(lambda: lin_x @ lin_w + lin_b, min_batch_ms),
        "vmapdot": time_case(lambda: np.einsum("ij,ij->i", dot_a, dot_b), min_batch_ms),
        "eagerAdd": time_case(lambda: np.add(add_a, add_b), min_batch_ms),
        "expSum": time_case(lambda: np.exp(2 * exp_a + 1).sum(), min_batch_ms),
        "version": np.__version__,
    }
    print(json.dumps(res))


if __name__ == "__main__":
    main()
