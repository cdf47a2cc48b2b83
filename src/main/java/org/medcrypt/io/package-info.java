/**
 * Plumbing shared by every capability: atomic file writes, the user-facing
 * exception family, progress and cancellation callbacks. Knows nothing of Fiji.
 */
package org.medcrypt.io;
