package dev.nines.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lists of exception types as policies configure them ({@code retryExceptions},
 * {@code ignoreExceptions}, ...): copied with null checks that name the field, and matched with
 * subclasses.
 *
 * <p>Not part of the public API: it may change without notice.
 */
public final class ExceptionTypes {

    private ExceptionTypes() {}

    /**
     * Copies {@code types} into an immutable list.
     *
     * @param field the configuration field, for the messages
     * @param types the types
     * @return an immutable copy, in order
     * @throws NullPointerException naming {@code field} (and the index) if the array or an element
     *     is {@code null}
     */
    @SafeVarargs
    public static List<Class<? extends Throwable>> copyOf(String field, Class<? extends Throwable>... types) {
        Objects.requireNonNull(types, field);
        List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
            list.add(Objects.requireNonNull(types[i], field + "[" + i + "]"));
        }
        return List.copyOf(list);
    }

    /**
     * Returns whether {@code throwable} is an instance of any of {@code types} (subclasses
     * included). Allocation-free.
     *
     * @param types the types
     * @param throwable the exception
     * @return whether one of the types matches
     */
    public static boolean isInstanceOfAny(List<Class<? extends Throwable>> types, Throwable throwable) {
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).isInstance(throwable)) {
                return true;
            }
        }
        return false;
    }
}
