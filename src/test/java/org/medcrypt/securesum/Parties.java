package org.medcrypt.securesum;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs the researcher and k labs of one secure sum on k+1 threads over an in-memory network. */
final class Parties {

	/** What one node ended with: a result or the reason it aborted. */
	static final class Outcome {

		final BigInteger[] result;
		final SecureSumAbortedException aborted;

		Outcome(final BigInteger[] result, final SecureSumAbortedException aborted) {
			this.result = result;
			this.aborted = aborted;
		}
	}

	/** A party's code, given its end of the network. */
	@FunctionalInterface
	interface Party {
		BigInteger[] run(Transport transport) throws Exception;
	}

	private Parties() {}

	/** Runs a plain secure sum; {@code inputs[i]} is lab i+1's vector; element 0 of the answer is the researcher. */
	static List<Outcome> sum(final InMemoryNetwork network, final SumSession session, final BigInteger[][] inputs) {
		final List<Party> parties = new ArrayList<>();
		parties.add(t -> SecureSum.asResearcher(t, session));
		for (final BigInteger[] input : inputs) parties.add(t -> SecureSum.asLab(t, session, input));
		return run(network, parties);
	}

	/** Runs node i's code on its own thread; waits for all. */
	static List<Outcome> run(final InMemoryNetwork network, final List<Party> parties) {
		final ExecutorService pool = Executors.newFixedThreadPool(parties.size());
		try {
			final List<Future<BigInteger[]>> futures = new ArrayList<>();
			for (int node = 0; node < parties.size(); node++) {
				final Transport transport = network.endpoint(node);
				final Party party = parties.get(node);
				futures.add(pool.submit(() -> party.run(transport)));
			}
			final List<Outcome> outcomes = new ArrayList<>();
			for (final Future<BigInteger[]> future : futures) {
				try {
					outcomes.add(new Outcome(future.get(60, TimeUnit.SECONDS), null));
				}
				catch (final ExecutionException e) {
					if (!(e.getCause() instanceof SecureSumAbortedException)) throw new AssertionError(e.getCause());
					outcomes.add(new Outcome(null, (SecureSumAbortedException) e.getCause()));
				}
			}
			return outcomes;
		}
		catch (final Exception e) {
			throw new AssertionError(e);
		}
		finally {
			pool.shutdownNow();
		}
	}

	static BigInteger[] plainSum(final BigInteger[][] inputs) {
		final BigInteger[] sum = Vectors.zero(inputs[0].length);
		for (final BigInteger[] input : inputs) {
			for (int i = 0; i < sum.length; i++) sum[i] = sum[i].add(input[i]);
		}
		return sum;
	}
}
