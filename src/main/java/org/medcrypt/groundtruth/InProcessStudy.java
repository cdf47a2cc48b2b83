package org.medcrypt.groundtruth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.medcrypt.io.MedCryptException;
import org.medcrypt.securesum.InMemoryNetwork;
import org.medcrypt.securesum.SecureSumAbortedException;
import org.medcrypt.securesum.Transport;

/**
 * Algorithm 1 with every party in this JVM: the researcher (node 0) and one lab
 * per list of images, each on its own thread over an {@link InMemoryNetwork},
 * exchanging exactly the messages they would exchange between machines. For
 * demonstrations and tests; a real study runs each party on its own machine
 * ({@code org.medcrypt.securesum.net}).
 */
public final class InProcessStudy {

	/** What the researcher learned: n, μ and σ. */
	public final GroundTruthStatistics researcher;
	/** What each lab learned, lab 1 first: the global mean. */
	public final List<GlobalMean> labMeans;

	private InProcessStudy(final GroundTruthStatistics researcher, final List<GlobalMean> labMeans) {
		this.researcher = researcher;
		this.labMeans = Collections.unmodifiableList(labMeans);
	}

	/**
	 * Runs the researcher and {@code perLab.size()} labs ({@code perLab.get(i)} is
	 * lab i+1's images) under {@code parameters}; waits for all of them. If any
	 * party failed, throws its error: a lab's own error (e.g. an invalid image)
	 * before the aborts it caused elsewhere.
	 */
	public static InProcessStudy run(final StudyParameters parameters, final List<List<LabeledImage>> perLab)
		throws MedCryptException, InterruptedException
	{
		if (perLab.size() != parameters.labs()) {
			throw new IllegalArgumentException("the study is for " + parameters.labs() + " labs, not " + perLab
				.size());
		}
		final InMemoryNetwork network = new InMemoryNetwork(perLab.size());
		final ExecutorService pool = Executors.newFixedThreadPool(perLab.size() + 1);
		try {
			final Transport researcherEnd = network.endpoint(0);
			final Future<GroundTruthStatistics> researcher = pool.submit(() -> SecureGroundTruthStatistics
				.asResearcher(researcherEnd, parameters));
			final List<Future<GlobalMean>> labs = new ArrayList<>();
			for (int lab = 1; lab <= perLab.size(); lab++) {
				final Transport end = network.endpoint(lab);
				final List<LabeledImage> images = perLab.get(lab - 1);
				labs.add(pool.submit(() -> SecureGroundTruthStatistics.asLab(end, parameters, images)));
			}
			final List<Future<?>> all = new ArrayList<>(labs);
			all.add(researcher);
			rethrowFirstFailure(all);
			final List<GlobalMean> means = new ArrayList<>();
			for (final Future<GlobalMean> lab : labs) means.add(done(lab));
			return new InProcessStudy(done(researcher), means);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Waits for every party; throws the first error that is not an abort, else the first abort. */
	private static void rethrowFirstFailure(final List<Future<?>> parties) throws MedCryptException,
		InterruptedException
	{
		Throwable failure = null;
		for (final Future<?> party : parties) {
			try {
				party.get();
			}
			catch (final ExecutionException e) {
				final Throwable cause = e.getCause();
				if (failure == null || failure instanceof SecureSumAbortedException &&
					!(cause instanceof SecureSumAbortedException)) failure = cause;
			}
		}
		if (failure == null) return;
		if (failure instanceof MedCryptException) throw (MedCryptException) failure;
		if (failure instanceof RuntimeException) throw (RuntimeException) failure;
		if (failure instanceof Error) throw (Error) failure;
		throw new IllegalStateException(failure);
	}

	/** The result of a party known to have finished without error. */
	private static <T> T done(final Future<T> party) throws InterruptedException {
		try {
			return party.get();
		}
		catch (final ExecutionException e) {
			throw new IllegalStateException("unreachable: checked before", e);
		}
	}
}
