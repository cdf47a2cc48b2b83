package org.medcrypt.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The pure-Java kernel against {@code BigInteger}: Montgomery products, the
 * conversions and fixed-base exponentiation, on random and edge values (0, 1,
 * m-1, values next to powers of two, lazily reduced operands in [m, 2m)) and on
 * moduli of every size MedCrypt uses (p² and n² of 2048- and 3072-bit keys) and
 * awkward ones (2^k - 1, 2^(k-1) + 1, one limb, the largest before fewer-bit limbs).
 */
class FmaMontgomeryTest {

	private final Random rnd = new Random(20261205);

	private List<BigInteger> moduli() {
		final List<BigInteger> ms = new ArrayList<>();
		// 350, 394 and 702 bits: 8, 9 and 16 limbs, one block of rows, one more, two (FmaMontgomery.BLOCK = 8).
		for (final int bits : new int[] { 3, 40, 44, 45, 88, 350, 394, 521, 702, 2048, 3072, 4096, 6144, 8192 }) {
			ms.add(new BigInteger(bits, rnd).setBit(bits - 1).setBit(0));
			ms.add(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)); // 2^k - 1: all limbs full
			if (bits > 2) ms.add(BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.ONE));
		}
		final BigInteger p = BigInteger.probablePrime(1536, rnd);
		ms.add(p.multiply(p)); // p² of a 3072-bit key
		return ms;
	}

	private List<BigInteger> operands(final BigInteger m) {
		final List<BigInteger> xs = new ArrayList<>();
		final BigInteger one = BigInteger.ONE;
		xs.add(BigInteger.ZERO);
		xs.add(one.mod(m));
		xs.add(m.subtract(one));
		for (int k = 1; k < m.bitLength(); k += Math.max(1, m.bitLength() / 7)) {
			xs.add(one.shiftLeft(k).mod(m));
			xs.add(one.shiftLeft(k).subtract(one).mod(m));
		}
		for (int i = 0; i < 6; i++) xs.add(new BigInteger(m.bitLength() + 16, rnd).mod(m));
		return xs;
	}

	@Test
	void productsEqualBigInteger() {
		int checked = 0;
		for (final BigInteger m : moduli()) {
			final FmaMontgomery f = new FmaMontgomery(m);
			final FmaMontgomery.Workspace w = f.workspace();
			assertTrue(BigInteger.ONE.shiftLeft(f.limbBits * f.limbs).compareTo(m.shiftLeft(2)) >= 0, "R >= 4m");
			final List<BigInteger> xs = operands(m);
			for (final BigInteger x : xs) {
				assertEquals(x, f.fromLimbs(f.toLimbs(x), 0), "limbs round trip");
				final double[] xm = f.toMontgomery(x, w);
				assertEquals(x, f.fromMontgomery(xm, 0, w), "Montgomery form round trip");
				// Every operand against the edge values, itself and a random one (all pairs would be slow).
				final List<BigInteger> ys = new ArrayList<>(xs.subList(0, 3));
				ys.add(x);
				ys.add(xs.get(xs.size() - 1));
				for (final BigInteger y : ys) {
					final double[] ym = f.toMontgomery(y, w), out = new double[f.limbs];
					f.multiply(xm, 0, ym, 0, out, 0, w);
					assertEquals(x.multiply(y).mod(m), f.fromMontgomery(out, 0, w), () -> "x·y mod m, m of "
						+ m.bitLength() + " bits, x=" + x.toString(16) + ", y=" + y.toString(16));
					checked++;
				}
			}
		}
		assertTrue(checked > 1000, "checked " + checked);
	}

	@Test
	void lazilyReducedOperandsInZeroTwoMStayCorrectAcrossLongChains() {
		final BigInteger p = BigInteger.probablePrime(1536, rnd), m = p.multiply(p);
		final FmaMontgomery f = new FmaMontgomery(m);
		final FmaMontgomery.Workspace w = f.workspace();
		final BigInteger r = BigInteger.ONE.shiftLeft(f.limbBits * f.limbs);
		// Operands in [m, 2m): the non-canonical representatives products may return.
		final BigInteger x = m.subtract(BigInteger.ONE), y = new BigInteger(3000, rnd);
		final double[] lazyX = f.toLimbs(x.multiply(r).mod(m).add(m)), ym = f.toMontgomery(y, w);
		double[] acc = lazyX;
		BigInteger expected = x;
		for (int i = 0; i < 600; i++) { // a chain as long as a windowed exponentiation mod p² (2048-bit key)
			final double[] next = new double[f.limbs];
			f.multiply(acc, 0, i % 3 == 0 ? acc : ym, 0, next, 0, w);
			expected = expected.multiply(i % 3 == 0 ? expected : y).mod(m);
			assertTrue(f.fromLimbs(next, 0).compareTo(m.shiftLeft(1)) < 0, "output below 2m");
			acc = next;
		}
		assertEquals(expected, f.fromMontgomery(acc, 0, w));
	}

	@Test
	void fixedBaseTablesEqualModPowIncludingEdgeExponents() {
		final BigInteger p = BigInteger.probablePrime(1024, rnd), m = p.multiply(p);
		final BigInteger base = new BigInteger(2100, rnd).mod(m);
		final FixedBaseExponentiator t = new FixedBaseExponentiator(base, m, 1030, 5); // 5-bit windows: a small table, same code
		final BigInteger top = BigInteger.ONE.shiftLeft(1030).subtract(BigInteger.ONE);
		for (final BigInteger e : new BigInteger[] { BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(255),
			BigInteger.valueOf(256), top, top.shiftRight(1), BigInteger.ONE.shiftLeft(1029), new BigInteger(1030, rnd),
			new BigInteger(700, rnd) })
		{
			assertEquals(base.modPow(e, m), t.pow(e), "exponent " + e.toString(16));
		}
	}
}
