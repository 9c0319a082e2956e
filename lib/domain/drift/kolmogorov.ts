/**
 * Kolmogorov–Smirnov distributions, ported from scipy/stats/_ksstats.py (scipy 1.17).
 *
 * scipy's `ks_2samp(method="asymp")` two-sided p-value is `kstwo.sf(D, round(en))` with
 * en = n·m / (n + m): the exact finite-n one-sample Kolmogorov distribution at the effective sample
 * size — not `kstwobign.sf(D·√en)`, the n → ∞ limit, which overstates p by 3–15 % near p = 0.05 for
 * en = 1000 … 50 and by an order of magnitude in the far tail. `kolmogorovSf` follows the algorithm
 * choice of Simard & L'Ecuyer (2011) as scipy does (Ruben–Gambino ends, Durbin matrix, Pelz–Good,
 * 2·Smirnov), except that the exact Durbin matrix also covers scipy's exact Pomeranz range for n ≤ 140.
 */

const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
const LOG_TWO_PI = Math.log(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const MIN_LOG = -708;
const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;
/** Stirling-series coefficients B_2j / (2j (2j−1)) for j = 8 … 1 (highest power first, as np.polyval wants). */
const STIRLING_COEFFICIENTS = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/** Two-sided asymptotic two-sample KS p-value (scipy `ks_2samp(method="asymp")`); null when it is undefined (n = m = 1). */
export function ksTwoSampleAsymptoticPValue(statistic: number, n1: number, n2: number): number | null {
  const large = Math.max(n1, n2);
  const small = Math.min(n1, n2);
  const effectiveN = roundHalfEven((large * small) / (large + small));
  if (effectiveN < 1) return null;
  return kolmogorovSf(effectiveN, statistic);
}

/** numpy's `np.round`: ties go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** P(D_n ≥ x) for the two-sided one-sample KS statistic with n observations (scipy `kstwo.sf(x, n)`). */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 1 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) return t <= 0.5 ? 1 : clip01(1 - rubenGambinoCdf(n, t));
  if (t >= n - 1) return clip01(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    // scipy uses the Durbin matrix up to n·x² = 0.754693 and Pomeranz up to 4; both are exact, and the
    // Durbin matrix stays small here (order ≤ 2·⌈√(4n)⌉ − 1 = 47), so it serves the whole range.
    if (nxSquared <= 4) return clip01(1 - durbinCdf(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip01(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip01(1 - cdf);
}

function clip01(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** Ruben–Gambino: P(D_n ≤ x) = n!/nⁿ · (2t − 1)ⁿ for 1/2 ≤ t = n·x ≤ 1. */
function rubenGambinoCdf(n: number, t: number): number {
  if (n > 140) return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
  let product = 1;
  for (let i = 1; i <= n; i++) product *= i * (1 / n) * (2 * t - 1);
  return product;
}

/** log(n! / nⁿ) by Stirling's series with n·log n removed up front (no cancellation). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING_COEFFICIENTS) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_TWO_PI / 2 + rn * poly;
}

/**
 * Exact one-sided Smirnov survival P(D_n⁺ ≥ x) by Birnbaum & Tingey (1951):
 * x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^{v−1} (1 − x − v/n)^{n−v}. All terms are positive, so the
 * log-space sum keeps full relative accuracy even where the probability is 1e-100.
 */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x));
  let logBinomial = 0;
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const p = x + v / n;
    const q = 1 - p;
    if (q > 0) {
      const logTerm = logBinomial + (v - 1) * Math.log(p) + (n - v) * Math.log(q);
      if (logTerm > MIN_LOG) sum += Math.exp(logTerm);
    }
    logBinomial += Math.log((n - v) / (v + 1));
  }
  return x * sum;
}

/**
 * Durbin (1968) matrix algorithm as arranged by Marsaglia, Tsang & Wang (2003): P(D_n ≤ d) is the
 * (k, k) entry of n!/nⁿ · Hⁿ for an m × m matrix H, m = 2k − 1, k = ⌈n·d⌉; powers are rescaled by 2¹²⁸.
 */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const m = 2 * k - 1;
  let h = durbinMatrix(m, k - nd);
  let power = identity(m);
  let exponent = 0;
  let hExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, h, m);
      exponent += hExponent;
    }
    h = multiply(h, h, m);
    hExponent *= 2;
    if (Math.abs(h[(k - 1) * m + (k - 1)]) > SCALE_UP) {
      for (let i = 0; i < h.length; i++) h[i] *= SCALE_DOWN;
      hExponent += SCALE_EXPONENT;
    }
  }
  let p = power[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return ldexp(p, exponent);
}

function durbinMatrix(m: number, h: number): Float64Array {
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - Math.pow(h, j)) * factorial;
  }
  v[m - 1] = (1 + Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m)) * factorial;
  const matrix = new Float64Array(m * m);
  for (let col = 1; col < m; col++) {
    for (let row = col - 1; row < m; row++) matrix[row * m + col] = w[row - col + 1];
  }
  for (let row = 0; row < m; row++) matrix[row * m] = v[row];
  for (let col = 0; col < m; col++) matrix[(m - 1) * m + col] = v[m - 1 - col];
  return matrix;
}

function identity(m: number): Float64Array {
  const matrix = new Float64Array(m * m);
  for (let i = 0; i < m; i++) matrix[i * m + i] = 1;
  return matrix;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
    }
  }
  return out;
}

function ldexp(x: number, exponent: number): number {
  let value = x;
  let e = exponent;
  while (e > 1000) {
    value *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    value *= 2 ** -1000;
    e += 1000;
  }
  return value * 2 ** e;
}

/**
 * Pelz & Good (1976) approximation of P(D_n ≤ x): the Li-Chien/Korolyuk expansion
 * K0 + K1/√n + K2/n + K3/n^1.5 rewritten with Jacobi theta identities so it converges for small z = x√n.
 */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qLog = -PI2 / 8 / z2;
  if (qLog < MIN_LOG) return 0;
  const q = Math.exp(qLog);
  const k1 = [-z2, PI2 / 4];
  const k2 = [6 * z6 + 2 * z4, ((2 * z4 - 5 * z2) * PI2) / 4, (PI4 * (1 - 2 * z2)) / 16];
  const k3 = [
    -30 * z6 - 90 * z2 * z6,
    (PI2 * (135 * z4 - 96 * z6)) / 4,
    (PI4 * (-60 * z2 + 212 * z4)) / 16,
    (PI6 * (5 - 30 * z2)) / 64,
  ];
  const maxK = Math.ceil((16 * z) / Math.PI);
  const terms = [0, 0, 0, 0];
  for (let k = maxK; k >= 1; k--) {
    const m2 = (2 * k - 1) ** 2;
    const qPower = Math.pow(q, 8 * k);
    terms[0] = terms[0] * qPower + 1;
    terms[1] = terms[1] * qPower + k1[0] + k1[1] * m2;
    terms[2] = terms[2] * qPower + k2[0] + k2[1] * m2 + k2[2] * m2 * m2;
    terms[3] = terms[3] * qPower + k3[0] + k3[1] * m2 + k3[2] * m2 * m2 + k3[3] * m2 * m2 * m2;
  }
  const denominators = [z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4];
  for (let i = 0; i < 4; i++) terms[i] = (terms[i] * q * SQRT_TWO_PI) / denominators[i];
  const q2 = Math.exp(-PI2 / 2 / z2);
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k >= 1; k--) {
    const weight = k * k * Math.pow(q2, k * k);
    k2Extra += weight;
    k3Extra += (SQRT3 * z + Math.PI * k) * (SQRT3 * z - Math.PI * k) * weight;
  }
  terms[2] += (k2Extra * PI2 * SQRT_TWO_PI) / (-36 * z2 * z);
  terms[3] += (k3Extra * PI2 * SQRT_TWO_PI) / (216 * z6);
  return terms[0] + terms[1] / Math.sqrt(n) + terms[2] / n + terms[3] / Math.pow(n, 1.5);
}
