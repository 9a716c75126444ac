package dev.nines.core.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BulkheadFullExceptionTest {

    @Test
    void namesTheBulkheadAndCarriesNoStackTrace() {
        BulkheadFullException e = new BulkheadFullException("db");
        assertThat(e).hasMessage("Bulkhead 'db' is full and does not permit further calls");
        assertThat(e.bulkheadName()).isEqualTo("db");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void rejectsNullName() {
        assertThatThrownBy(() -> new BulkheadFullException(null)).hasMessage("bulkheadName");
    }
}
