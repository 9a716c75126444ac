package dev.nines.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ExceptionTypesTest {

    @Test
    void copiesInOrderIntoAnImmutableList() {
        List<Class<? extends Throwable>> types =
                ExceptionTypes.copyOf("retryExceptions", IOException.class, TimeoutException.class);

        assertThat(types).containsExactly(IOException.class, TimeoutException.class);
        assertThatThrownBy(() -> types.add(RuntimeException.class)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ExceptionTypes.copyOf("none")).isEmpty();
    }

    @Test
    void nullArrayOrElementIsRejectedNamingTheFieldAndIndex() {
        assertThatThrownBy(() -> ExceptionTypes.copyOf("ignoreExceptions", (Class<? extends Throwable>[]) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ignoreExceptions");
        assertThatThrownBy(() -> ExceptionTypes.copyOf("ignoreExceptions", IOException.class, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ignoreExceptions[1]");
    }

    @Test
    void matchesSubclassesAndNothingElse() {
        List<Class<? extends Throwable>> types = ExceptionTypes.copyOf("t", IOException.class);

        assertThat(ExceptionTypes.isInstanceOfAny(types, new FileNotFoundException()))
                .isTrue();
        assertThat(ExceptionTypes.isInstanceOfAny(types, new IOException())).isTrue();
        assertThat(ExceptionTypes.isInstanceOfAny(types, new UncheckedIOException(new IOException())))
                .isFalse();
        assertThat(ExceptionTypes.isInstanceOfAny(List.of(), new IOException())).isFalse();
    }
}
