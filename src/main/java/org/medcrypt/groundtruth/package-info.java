/**
 * Algorithm 1 of J. Vaidya and B. Tulpule, "Enabling better medical image
 * classification through secure collaboration" (ICIP 2007): the global mean
 * and standard deviation of c×c window means over every lab's ground truth,
 * computed with two secure sums so that no lab reveals its images or its own
 * statistics.
 *
 * <p>Built on the secure-sum engine's public API ({@code org.medcrypt.securesum}):
 * {@link org.medcrypt.groundtruth.WindowStatistics} (steps 1-13 and 18-25, a lab's
 * local sums), {@link org.medcrypt.groundtruth.Standardization} and
 * {@link org.medcrypt.groundtruth.GlobalMean} (the published mean, exact),
 * {@link org.medcrypt.groundtruth.SecureGroundTruthStatistics} (the two sums, steps
 * 14-17 and 26-27), {@link org.medcrypt.groundtruth.InProcessStudy} (every party in
 * one JVM), and for parties on separate machines
 * {@link org.medcrypt.groundtruth.StudySession} (the session file) and
 * {@link org.medcrypt.groundtruth.StudyParty}, the one entry point the Fiji command
 * and the command line drive. Knows nothing of Fiji.
 */
package org.medcrypt.groundtruth;
