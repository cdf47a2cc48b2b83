package org.medcrypt.paillier;

import java.math.BigInteger;

/**
 * Test-scope bridge for the benchmarks ({@code org.medcrypt.bench}): the
 * package-private kernel and the public key's encryption with a chosen exponent.
 */
public final class KernelAccess {

	private final FmaMontgomery kernel;
	private final FmaMontgomery.Workspace workspace;

	/** The kernel for an odd modulus, with one scratch space (one thread). */
	public KernelAccess(final BigInteger modulus) {
		this.kernel = new FmaMontgomery(modulus);
		this.workspace = kernel.workspace();
	}

	/** x in Montgomery form (limbs). */
	public double[] toMontgomery(final BigInteger x) {
		return kernel.toMontgomery(x, workspace);
	}

	/** out = a·b·R^-1 (limbs): one kernel product. */
	public void multiply(final double[] a, final double[] b, final double[] out) {
		kernel.multiply(a, 0, b, 0, out, 0, workspace);
	}

	/** Back from Montgomery form. */
	public BigInteger fromMontgomery(final double[] x) {
		return kernel.fromMontgomery(x, 0, workspace);
	}

	/** (1 + m·n)·hs^a mod n² with the public key's tables. */
	public static BigInteger encryptWithExponent(final PaillierPublicKey key, final BigInteger m, final BigInteger a) {
		return key.encryptWithExponent(m, a);
	}
}
