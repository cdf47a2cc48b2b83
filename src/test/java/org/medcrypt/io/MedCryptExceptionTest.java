package org.medcrypt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medcrypt.securesum.SecureSumAbortedException;

/** Pins the exception family: callers tell failures apart by these types, never by message text. */
class MedCryptExceptionTest {

	/** Each type and its direct parent. */
	private static final Map<Class<? extends MedCryptException>, Class<?>> FAMILY = new LinkedHashMap<>();
	static {
		FAMILY.put(WrongKeyException.class, MedCryptException.class);
		FAMILY.put(DamagedFileException.class, MedCryptException.class);
		FAMILY.put(AuthenticationFailedException.class, DamagedFileException.class);
		FAMILY.put(UnsupportedImageException.class, MedCryptException.class);
		FAMILY.put(PeerFailureException.class, MedCryptException.class);
		FAMILY.put(SecureSumAbortedException.class, PeerFailureException.class);
		FAMILY.put(RefusedByPolicyException.class, MedCryptException.class);
		FAMILY.put(OutputExistsException.class, RefusedByPolicyException.class);
	}

	@Test
	void everyTypeIsACheckedMedCryptExceptionUnderItsParent() {
		assertEquals(Exception.class, MedCryptException.class.getSuperclass());
		for (final Map.Entry<Class<? extends MedCryptException>, Class<?>> e : FAMILY.entrySet()) {
			assertEquals(e.getValue(), e.getKey().getSuperclass(), e.getKey().getSimpleName());
			assertTrue(MedCryptException.class.isAssignableFrom(e.getKey()), e.getKey().getSimpleName());
			assertFalse(RuntimeException.class.isAssignableFrom(e.getKey()), e.getKey().getSimpleName());
			assertTrue(Modifier.isPublic(e.getKey().getModifiers()), e.getKey().getSimpleName());
		}
		// the five kinds are disjoint: no type is another kind's subtype
		final List<Class<?>> kinds = Arrays.asList(WrongKeyException.class, DamagedFileException.class,
			UnsupportedImageException.class, PeerFailureException.class, RefusedByPolicyException.class);
		for (final Class<?> a : kinds)
			for (final Class<?> b : kinds)
				assertEquals(a == b, a.isAssignableFrom(b), a.getSimpleName() + " / " + b.getSimpleName());
	}

	@Test
	void messageAndCauseAreKeptAsGiven() throws Exception {
		final IOException cause = new IOException("disk");
		for (final Class<? extends MedCryptException> type : FAMILY.keySet()) {
			if (type == SecureSumAbortedException.class) continue; // made only by the sum engine, with its own message
			final MedCryptException plain = type.getConstructor(String.class).newInstance("one line");
			assertEquals("one line", plain.getMessage());
			final MedCryptException wrapped = type.getConstructor(String.class, Throwable.class).newInstance(
				"one line", cause);
			assertEquals("one line", wrapped.getMessage());
			assertSame(cause, wrapped.getCause());
		}
	}

	@Test
	void aCatchOfTheBaseClassCatchesEveryType() throws Exception {
		for (final Class<? extends MedCryptException> type : FAMILY.keySet()) {
			if (type == SecureSumAbortedException.class) continue;
			try {
				throw type.getConstructor(String.class).newInstance(type.getSimpleName());
			}
			catch (final MedCryptException e) {
				assertSame(type, e.getClass());
			}
		}
	}
}
