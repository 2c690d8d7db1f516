"""Generates tests/random/fixtures.json: the known-answer vectors of
../shared/spec/random_vectors.json (copied, so the suite needs nothing outside the repo) plus
reference arrays from ../shared/spec/reference/jaxrandom.py and the numpy extensions below.

Run from the repository root:  python3 tests/random/gen_fixtures.py && deno fmt tests/random

Extensions beyond jaxrandom.py follow JAX's source (jax-v0.3.25 jax/_src/random.py, HEAD
jax/_src/random/core.py): permutation/choice (`_shuffle` = rounds of stable sorts by random
bits), exponential/gumbel/laplace/logistic/cauchy/truncated_normal/bernoulli. Their float math
rounds to float32 after each op, with elementary functions (log, log1p, tan, erf) evaluated in
float64 and rounded once, i.e. correctly rounded float32 results.

`normal` arrays are stored twice: as jaxrandom.py computes them (XLA's 2019-2022 log1p,
`log(1 + x)` above 1e-4, with numpy's float32 np.log, which is up to 4 ulp off the correctly
rounded log on x86-64 SIMD builds) and as `exact`: FMA Horner steps with a correctly rounded
float32 log1p, the jaxscript CPU kernel's formula (and XLA:CPU's: 99% of a JAX 0.11 CPU run agree
with it bit for bit; see jax_outputs.json).
"""
import base64, json, math, os, sys
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, '..', 'shared', 'spec')
sys.path.insert(0, os.path.join(SPEC, 'reference'))
import jaxrandom as jr  # noqa: E402

F32 = np.float32
_orig_log1p32 = jr._log1p32


def _log1p32_exact(x):
    with np.errstate(divide='ignore', invalid='ignore'):
        return np.log1p(np.asarray(x, F32).astype(np.float64)).astype(F32)


def f64fn(fn):
    """An elementary function correctly rounded to float32 (evaluated in float64)."""
    def g(x):
        with np.errstate(all='ignore'):
            return fn(np.asarray(x, F32).astype(np.float64)).astype(F32)
    return g


log32, log1p32, tan32 = f64fn(np.log), f64fn(np.log1p), f64fn(np.tan)
erf32 = f64fn(np.vectorize(math.erf, otypes=[np.float64]))


def b64(a, dtype):
    return base64.b64encode(np.ascontiguousarray(np.asarray(a).astype(dtype)).tobytes()).decode()


def arr(a):
    a = np.asarray(a)
    kind = {'f': 'float32', 'u': 'uint32', 'i': 'int32', 'b': 'bool'}[a.dtype.kind]
    dt = {'float32': '<f4', 'uint32': '<u4', 'int32': '<i4', 'bool': 'u1'}[kind]
    return {'shape': list(a.shape), 'dtype': kind, 'b64': b64(a, dt)}


# ------------------------------------------------------------------ numpy extensions
def uniform(key, shape, lo=0.0, hi=1.0):
    return jr.uniform(key, shape, F32, lo, hi)


def shuffle(key, x, axis=0):
    x = np.asarray(x)
    rounds = int(np.ceil(3 * np.log(max(1, x.size)) / np.log(np.iinfo(np.uint32).max)))
    for _ in range(rounds):
        keys = jr.split(key)
        key, sub = keys[0], keys[1]
        sk = jr.random_bits(sub, 32, x.shape)
        idx = np.argsort(sk, axis=axis, kind='stable')
        x = np.take_along_axis(x, idx, axis=axis)
    return x


def permutation(key, x, axis=0, independent=False):
    if np.ndim(x) == 0:
        return shuffle(key, np.arange(x, dtype=np.int32))
    x = np.asarray(x)
    if independent or x.ndim == 1:
        return shuffle(key, x, axis)
    ind = shuffle(key, np.arange(x.shape[axis], dtype=np.int32))
    return np.take(x, ind, axis=axis)


def gumbel(key, shape):
    u = uniform(key, shape, np.finfo(F32).tiny, 1.0)
    return (-log32(-log32(u))).astype(F32)


def choice(key, a, shape, replace=True, p=None):
    n = a if np.ndim(a) == 0 else len(a)
    k = int(np.prod(shape))
    if p is None:
        ind = jr.randint(key, shape, 0, n) if replace else permutation(key, n)[:k]
    else:
        p = np.asarray(p, F32)
        if replace:
            cdf = np.cumsum(p, dtype=F32)
            r = (cdf[-1] * (F32(1) - uniform(key, shape))).astype(F32)
            ind = np.searchsorted(cdf, r, side='left').astype(np.int32)
        else:
            g = (-gumbel(key, (n,)) - log32(p)).astype(F32)
            ind = np.argsort(g, kind='stable')[:k].astype(np.int32)
    ind = np.asarray(ind).reshape(shape)
    return ind if np.ndim(a) == 0 else np.asarray(a)[ind]


def exponential(key, shape):
    return (-log1p32(-uniform(key, shape))).astype(F32)


def laplace(key, shape):
    u = uniform(key, shape, -1.0 + np.finfo(F32).epsneg, 1.0)
    return (np.sign(u) * log1p32(-np.abs(u))).astype(F32)


def logistic(key, shape):
    if jr.PARTITIONABLE:  # jax >= 0.7
        x = uniform(key, shape, np.finfo(F32).tiny, 1.0)
        return (log32(x) - log1p32(-x)).astype(F32)
    x = uniform(key, shape, np.finfo(F32).eps, 1.0)
    return log32((x / (F32(1) - x)).astype(F32))


def cauchy(key, shape):
    u = uniform(key, shape, np.finfo(F32).eps, 1.0)
    return tan32((F32(np.pi) * (u - F32(0.5))).astype(F32))


def truncated_normal(key, lower, upper, shape):
    s2 = F32(np.sqrt(2))
    lo, hi = F32(lower), F32(upper)
    a, b = erf32((lo / s2).astype(F32)), erf32((hi / s2).astype(F32))
    u = uniform(key, shape, a, b)
    jr._log1p32 = _log1p32_exact
    out = (s2 * jr.erf_inv_f32(u)).astype(F32)
    jr._log1p32 = _orig_log1p32
    return np.clip(out, np.nextafter(lo, F32(np.inf)), np.nextafter(hi, F32(-np.inf))).astype(F32)


def bernoulli(key, p, shape):
    return uniform(key, shape) < F32(p)


def categorical(key, logits, shape_prefix=()):
    logits = np.asarray(logits, F32)
    g = gumbel(key, tuple(shape_prefix) + logits.shape)
    return np.argmax((g + logits).astype(F32), axis=-1).astype(np.int32)


# ------------------------------------------------------------------ cases
def mode_cases():
    K = jr.PRNGKey
    out = {}
    def both_normals(name, key, shape):
        jr._log1p32 = _orig_log1p32
        ref = jr.normal(key, shape)
        jr._log1p32 = _log1p32_exact
        exact = jr.normal(key, shape)
        jr._log1p32 = _orig_log1p32
        out[name] = {'ref': arr(ref), 'exact': arr(exact)}
    if not jr.PARTITIONABLE:  # the tutorial's arrays (original mode, as in its 2022 notebook)
        both_normals('normal W = normal(PRNGKey(0), (64, 100))', K(0), (64, 100))
        both_normals('normal batch_x = normal(PRNGKey(0), (16, 100))', K(0), (16, 100))
    both_normals('normal(PRNGKey(1), (4097,))', K(1), (4097,))
    both_normals('normal(PRNGKey(7), (2, 3, 5))', K(7), (2, 3, 5))
    simple = {
        'split(PRNGKey(5), 7)': jr.split(K(5), 7),
        'split(PRNGKey(5), (2, 3))': jr.split(K(5), (2, 3)),
        'split(PRNGKey(5), 1)': jr.split(K(5), 1),
        'fold_in(PRNGKey(5), 2**32 - 1)': jr.fold_in(K(5), 2**32 - 1),
        'bits32(PRNGKey(3), (7, 3))': jr.random_bits(K(3), 32, (7, 3)),
        'bits8(PRNGKey(3), (7,))': jr.random_bits(K(3), 8, (7,)),
        'bits16(PRNGKey(3), (5,))': jr.random_bits(K(3), 16, (5,)),
        'bits32(PRNGKey(3), ())': jr.random_bits(K(3), 32, ()),
        'uniform(PRNGKey(2), (1001,))': uniform(K(2), (1001,)),
        'uniform(PRNGKey(2), (3, 4), -2.5, 7.0)': uniform(K(2), (3, 4), -2.5, 7.0),
        'randint(PRNGKey(4), (100,), -7, 13)': jr.randint(K(4), (100,), -7, 13),
        'randint(PRNGKey(4), (9,), 5, 5)': jr.randint(K(4), (9,), 5, 5),
        'randint(PRNGKey(4), (9,), -2**31, 2**31-1)': jr.randint(K(4), (9,), -2**31, 2**31 - 1),
        # span wraps to 0 and XLA's rem(x, 0) = x (numpy's % gives 0), so the value is the low word.
        'randint(PRNGKey(4), (9,), 0, 2**32, uint32)': jr.random_bits(jr.split(K(4))[1], 32, (9,)),
        'randint(PRNGKey(4), (9,), 3, 1000, uint32)': jr.randint(K(4), (9,), 3, 1000, np.uint32),
        'permutation(PRNGKey(0), 10)': permutation(K(0), 10),
        'permutation(PRNGKey(0), 1)': permutation(K(0), 1),
        'permutation(PRNGKey(3), 2000)': permutation(K(3), 2000),
        'permutation(PRNGKey(1), arange(12).reshape(3, 4))':
            permutation(K(1), np.arange(12, dtype=np.int32).reshape(3, 4)),
        'permutation(PRNGKey(1), arange(12).reshape(3, 4), axis=1)':
            permutation(K(1), np.arange(12, dtype=np.int32).reshape(3, 4), 1),
        'permutation(PRNGKey(1), arange(12).reshape(3, 4), axis=1, independent=True)':
            permutation(K(1), np.arange(12, dtype=np.int32).reshape(3, 4), 1, True),
        'choice(PRNGKey(6), 10, (4,))': choice(K(6), 10, (4,)),
        'choice(PRNGKey(6), 10, (4,), replace=False)': choice(K(6), 10, (4,), False),
        'choice(PRNGKey(6), [10..15], (2, 3), p=[.1,.2,.3,.15,.05,.2])':
            choice(K(6), np.arange(10, 16, dtype=np.int32), (2, 3), True,
                   [.1, .2, .3, .15, .05, .2]),
        'choice(PRNGKey(6), 6, (4,), replace=False, p=[.1,.2,.3,.15,.05,.2])':
            choice(K(6), 6, (4,), False, [.1, .2, .3, .15, .05, .2]),
        'bernoulli(PRNGKey(8), 0.3, (50,))': bernoulli(K(8), 0.3, (50,)),
        'categorical(PRNGKey(9), log([.1,.2,.7]), (20,))':
            categorical(K(9), np.log(np.array([.1, .2, .7], F32)).astype(F32), (20,)),
    }
    for k, v in simple.items():
        out[k] = {'ref': arr(v)}
    floats = {
        'exponential(PRNGKey(10), (300,))': exponential(K(10), (300,)),
        'gumbel(PRNGKey(10), (300,))': gumbel(K(10), (300,)),
        'laplace(PRNGKey(10), (300,))': laplace(K(10), (300,)),
        'logistic(PRNGKey(10), (300,))': logistic(K(10), (300,)),
        'cauchy(PRNGKey(10), (300,))': cauchy(K(10), (300,)),
        'truncated_normal(PRNGKey(10), -1.5, 0.5, (300,))':
            truncated_normal(K(10), -1.5, 0.5, (300,)),
    }
    for k, v in floats.items():
        out[k] = {'ref': arr(v), 'float': True}
    return out


def _flatten(x):
    return [y for e in x for y in _flatten(e)] if isinstance(x, list) else [x]


def main():
    vecs = json.load(open(os.path.join(SPEC, 'random_vectors.json')))
    for v in vecs['vectors']:
        if v.get('x64'):  # 64-bit integers do not survive JSON numbers in JS: keep the digits
            v['expected_digits'] = [str(x) for x in _flatten(v['expected'])]
    fixtures = {
        'note': 'Generated by tests/random/gen_fixtures.py from ../shared/spec; do not edit.',
        'vectors': vecs['vectors'],
        'other_distributions': vecs['recorded_only_other_distributions'],
        'partitionable_reference': vecs['partitionable_computed_by_reference_impl_unverified'],
        'reference': {},
    }
    jr.ERFINV_FMA, jr.ERFINV_LOG1P = True, 'xla_taylor'
    for mode, part in (('original', False), ('partitionable', True)):
        jr.PARTITIONABLE = part
        fixtures['reference'][mode] = mode_cases()
    jr.PARTITIONABLE = False
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures.json')
    with open(path, 'w') as f:
        json.dump(fixtures, f, indent=1)
        f.write('\n')
    print('wrote', path)


if __name__ == '__main__':
    main()
