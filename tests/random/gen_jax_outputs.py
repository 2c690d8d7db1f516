"""Records real JAX outputs of jax.random for tests/random/jax_outputs.json.

Needs a Python with jax (the device machines' image has jax 0.11 with CUDA):

    python3 tests/random/gen_jax_outputs.py OUTDIR   (then copy jax_outputs.json here, deno fmt)

writes OUTDIR/jax_outputs.json (every case, on each available backend — cpu, gpu — and in both
threefry modes) and OUTDIR/jax_big.json (normal samples of 100000 for ulp statistics). The
jaxscript tests compare against jax_outputs.json: keys, bits, uniform, randint, permutation and
choice bit for bit; normal and the other float samplers within a few ulp (XLA's CPU and GPU log
and erf_inv differ from each other by that much).
"""
import base64, json, os, sys, traceback

import numpy as np
import jax
import jax.numpy as jnp

OUT = sys.argv[1] if len(sys.argv) > 1 else '.'
random = jax.random
P6 = jnp.array([.1, .2, .3, .15, .05, .2], jnp.float32)


def enc(a):
    a = np.asarray(a)
    dt = str(a.dtype)
    if a.dtype == np.bool_:
        data = a.astype(np.uint8)
    elif a.dtype.kind == 'u':
        data = a.astype('<u4')
    elif a.dtype.kind == 'i':
        data = a.astype('<i4')
    else:
        data = a.astype('<f4')
    return {'dtype': dt, 'shape': list(a.shape), 'b64': base64.b64encode(data.tobytes()).decode()}


K = random.PRNGKey


def cases():
    ar12 = jnp.arange(12).reshape(3, 4)
    W = lambda: random.normal(K(0), (64, 100))
    bx = lambda: random.normal(K(0), (16, 100))
    return {
        'normal W = normal(PRNGKey(0), (64, 100))': W,
        'normal batch_x = normal(PRNGKey(0), (16, 100))': bx,
        'tutorial layer(batch_x[0]) = dot(W, batch_x[0])': lambda: jnp.dot(W(), bx()[0]),
        'normal(PRNGKey(0), (10,))': lambda: random.normal(K(0), (10,)),
        'normal(PRNGKey(1), (4097,))': lambda: random.normal(K(1), (4097,)),
        'normal(PRNGKey(7), (2, 3, 5))': lambda: random.normal(K(7), (2, 3, 5)),
        'normal(PRNGKey(42))': lambda: random.normal(K(42)),
        'split(PRNGKey(5), 7)': lambda: random.split(K(5), 7),
        'split(PRNGKey(5), (2, 3))': lambda: random.split(K(5), (2, 3)),
        'fold_in(PRNGKey(5), 2**32 - 1)': lambda: random.fold_in(K(5), np.uint32(2**32 - 1)),
        'bits32(PRNGKey(3), (7, 3))': lambda: random.bits(K(3), (7, 3)),
        'bits8(PRNGKey(3), (7,))': lambda: random.bits(K(3), (7,), jnp.uint8),
        'bits16(PRNGKey(3), (5,))': lambda: random.bits(K(3), (5,), jnp.uint16),
        'uniform(PRNGKey(2), (1001,))': lambda: random.uniform(K(2), (1001,)),
        'uniform(PRNGKey(2), (3, 4), -2.5, 7.0)':
            lambda: random.uniform(K(2), (3, 4), minval=-2.5, maxval=7.0),
        'randint(PRNGKey(4), (100,), -7, 13)': lambda: random.randint(K(4), (100,), -7, 13),
        'randint(PRNGKey(4), (9,), 5, 5)': lambda: random.randint(K(4), (9,), 5, 5),
        'randint(PRNGKey(4), (9,), -2**31, 2**31-1)':
            lambda: random.randint(K(4), (9,), -2**31, 2**31 - 1),
        'randint(PRNGKey(4), (9,), 3, 1000, uint32)':
            lambda: random.randint(K(4), (9,), 3, 1000, jnp.uint32),
        'permutation(PRNGKey(0), 10)': lambda: random.permutation(K(0), 10),
        'permutation(PRNGKey(3), 2000)': lambda: random.permutation(K(3), 2000),
        'permutation(PRNGKey(1), arange(12).reshape(3, 4))': lambda: random.permutation(K(1), ar12),
        'permutation(PRNGKey(1), arange(12).reshape(3, 4), axis=1)':
            lambda: random.permutation(K(1), ar12, axis=1),
        'permutation(PRNGKey(1), arange(12).reshape(3, 4), axis=1, independent=True)':
            lambda: random.permutation(K(1), ar12, axis=1, independent=True),
        'choice(PRNGKey(6), 10, (4,))': lambda: random.choice(K(6), 10, (4,)),
        'choice(PRNGKey(6), 10, (4,), replace=False)':
            lambda: random.choice(K(6), 10, (4,), replace=False),
        'choice(PRNGKey(6), [10..15], (2, 3), p=[.1,.2,.3,.15,.05,.2])':
            lambda: random.choice(K(6), jnp.arange(10, 16), (2, 3), p=P6),
        'choice(PRNGKey(6), 6, (4,), replace=False, p=[.1,.2,.3,.15,.05,.2])':
            lambda: random.choice(K(6), 6, (4,), replace=False, p=P6),
        'bernoulli(PRNGKey(8), 0.3, (50,))': lambda: random.bernoulli(K(8), 0.3, (50,)),
        'bernoulli(PRNGKey(8), 0.3, (50,), mode=high)':
            lambda: random.bernoulli(K(8), 0.3, (50,), mode='high'),
        'categorical(PRNGKey(9), log([.1,.2,.7]), (20,))':
            lambda: random.categorical(K(9), jnp.log(jnp.array([.1, .2, .7])), shape=(20,)),
        'categorical(PRNGKey(9), zeros((3, 5)), shape=(2, 3), replace=False)':
            lambda: random.categorical(K(9), jnp.arange(15.).reshape(3, 5) / 7, shape=(2, 3),
                                       replace=False),
        'exponential(PRNGKey(10), (300,))': lambda: random.exponential(K(10), (300,)),
        'gumbel(PRNGKey(10), (300,))': lambda: random.gumbel(K(10), (300,)),
        'gumbel(PRNGKey(10), (300,), mode=high)':
            lambda: random.gumbel(K(10), (300,), mode='high'),
        'laplace(PRNGKey(10), (300,))': lambda: random.laplace(K(10), (300,)),
        'logistic(PRNGKey(10), (300,))': lambda: random.logistic(K(10), (300,)),
        'cauchy(PRNGKey(10), (300,))': lambda: random.cauchy(K(10), (300,)),
        'rademacher(PRNGKey(10), (30,))': lambda: random.rademacher(K(10), (30,), jnp.int32),
        'truncated_normal(PRNGKey(10), -1.5, 0.5, (300,))':
            lambda: random.truncated_normal(K(10), -1.5, 0.5, (300,)),
    }


def run_all():
    out = {'jax_version': jax.__version__, 'results': {}}
    big = {'jax_version': jax.__version__, 'results': {}}
    backends = []
    for name in ('cpu', 'gpu'):
        try:
            backends.append((name, jax.devices(name)[0]))
        except Exception:
            pass
    out['devices'] = [str(d) for _, d in backends]
    for bname, dev in backends:
        for mode in ('original', 'partitionable'):
            jax.config.update('jax_threefry_partitionable', mode == 'partitionable')
            jax.clear_caches()
            res = out['results'].setdefault(f'{bname}/{mode}', {})
            with jax.default_device(dev):
                for cname, f in cases().items():
                    try:
                        res[cname] = enc(jax.device_get(f()))
                    except Exception as e:
                        res[cname] = {'error': f'{type(e).__name__}: {e}'[:400]}
                try:
                    big['results'][f'{bname}/{mode}'] = enc(random.normal(K(1), (100000,)))
                except Exception:
                    big['results'][f'{bname}/{mode}'] = {'error': traceback.format_exc()[-400:]}
    return out, big


if __name__ == '__main__':
    out, big = run_all()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'jax_outputs.json'), 'w') as f:
        json.dump(out, f, indent=1)
    with open(os.path.join(OUT, 'jax_big.json'), 'w') as f:
        json.dump(big, f)
    print('jax', jax.__version__, out['devices'])
    for k, v in out['results'].items():
        errs = [c for c, r in v.items() if 'error' in r]
        print(k, len(v), 'cases,', len(errs), 'errors', errs[:5])
