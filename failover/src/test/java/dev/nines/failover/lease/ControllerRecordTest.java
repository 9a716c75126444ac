package dev.nines.failover.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ControllerRecordTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void aPromotionFencesTheOldPrimaryAdvancesTheEpochAndIsNotAcknowledged() {
        ControllerRecord first = ControllerRecord.initial("db-1", 4);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.lastTransition()).isEmpty();
        assertThat(first.acknowledged()).isTrue();

        ControllerRecord second = first.promote("db-2", 5, "HEALTH", AT);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.epoch()).isEqualTo(5);
        assertThat(second.primary()).isEqualTo("db-2");
        assertThat(second.fenced()).containsExactly("db-1");
        assertThat(second.acknowledged()).isFalse();
        assertThat(second.lastTransition()).contains(new ControllerRecord.Transition(AT, 5, "db-1", "db-2", "HEALTH"));

        ControllerRecord back = second.promote("db-1", 6, "ROLLBACK", AT.plusSeconds(5));
        assertThat(back.fenced()).as("the promoted member is no longer fenced").containsExactly("db-2");
        assertThat(back.rejoin("db-2").fenced()).isEmpty();
        assertThat(back.acknowledge().acknowledged()).isTrue();
        assertThat(back.acknowledge().version()).isEqualTo(back.version() + 1);
    }

    @Test
    void keepsOnlyTheMostRecentTransitions() {
        ControllerRecord record = ControllerRecord.initial("a", 0);
        for (int i = 1; i <= ControllerRecord.MAX_TRANSITIONS + 5; i++) {
            record = record.promote(i % 2 == 1 ? "b" : "a", i, "HEALTH", AT.plusSeconds(i));
        }
        assertThat(record.transitions()).hasSize(ControllerRecord.MAX_TRANSITIONS);
        assertThat(record.transitions().get(0).epoch()).isEqualTo(6);
        assertThat(record.lastTransition().orElseThrow().epoch()).isEqualTo(ControllerRecord.MAX_TRANSITIONS + 5);
    }

    @Test
    void rejectsInconsistentRecordsNamingTheField() {
        assertThatThrownBy(() -> new ControllerRecord(0, 0, "a", Set.of(), List.of(), true))
                .hasMessage("version must be at least 1, was 0");
        assertThatThrownBy(() -> new ControllerRecord(1, -1, "a", Set.of(), List.of(), true))
                .hasMessage("epoch must be at least 0, was -1");
        assertThatThrownBy(() -> new ControllerRecord(1, 0, "a", Set.of("a"), List.of(), true))
                .hasMessage("fenced must not contain the primary, was [a] with primary a");
        assertThatThrownBy(() -> ControllerRecord.initial("a", 3).promote("b", 3, "HEALTH", AT))
                .hasMessage("newEpoch must be greater than 3, was 3");
        assertThatThrownBy(() -> ControllerRecord.initial("a", 3).promote("a", 4, "HEALTH", AT))
                .hasMessage("to must not be the primary, was a");
    }

    @Test
    void decodingRejectsTextThatIsNotARecordQuotingTheLine() {
        assertThatThrownBy(() -> ControllerRecord.decode(1, "hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("text must start with \"nines-controller-record 1\", was \"hello\"");
        assertThatThrownBy(() -> ControllerRecord.decode(1, "nines-controller-record 1\nepoch=x\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("text line 2 must be a valid epoch, was \"epoch=x\"");
        assertThatThrownBy(() -> ControllerRecord.decode(1, "nines-controller-record 1\nepoch=1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("text must contain epoch, primary and acknowledged");
    }

    @Test
    void rejectsAHistoryThatContradictsTheEpochNamingTheTransitions() {
        // Like a forged snapshot: every field valid on its own, the whole impossible. A transition
        // above the record's epoch would let the next promotion reuse an epoch the history holds.
        ControllerRecord.Transition atSeven = new ControllerRecord.Transition(AT, 7, "a", "b", "HEALTH");
        ControllerRecord.Transition atFour = new ControllerRecord.Transition(AT, 4, "b", "a", "HEALTH");
        assertThatThrownBy(() -> new ControllerRecord(2, 5, "b", Set.of("a"), List.of(atSeven), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transitions must not be above the epoch 5, was epoch 7 in " + List.of(atSeven));
        assertThatThrownBy(() -> new ControllerRecord(3, 7, "a", Set.of(), List.of(atSeven, atFour), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transitions must have increasing epochs, was " + List.of(atSeven, atFour));
        assertThatThrownBy(() -> new ControllerRecord.Transition(AT, 3, "a", "a", "HEALTH"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("to must not be from, was a");
        String forged = ControllerRecord.initial("a", 5)
                .promote("b", 6, "HEALTH", AT)
                .encode()
                .replace("epoch=6\n", "epoch=5\n");
        assertThatThrownBy(() -> ControllerRecord.decode(2, forged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("transitions must not be above the epoch 5");
    }

    @Test
    void decodingRejectsAmbiguousFieldsQuotingTheLine() {
        String text = ControllerRecord.initial("a", 5).encode();
        assertThatThrownBy(() -> ControllerRecord.decode(1, text.replace("acknowledged=true", "acknowledged=yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("text line 4 must be a valid acknowledged, was \"acknowledged=yes\"");
        assertThatThrownBy(() -> ControllerRecord.decode(1, text + "epoch=9\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("text line 5 must be a valid epoch, was \"epoch=9\" (epoch appears twice)");
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank());
    }

    @Property(tries = 300)
    void encodingRoundTripsAnyRecord(
            @ForAll("ids") String first,
            @ForAll("ids") String second,
            @ForAll("ids") String trigger,
            @ForAll boolean acknowledged) {
        ControllerRecord record = ControllerRecord.initial(first, 2);
        if (!first.equals(second)) {
            record = record.promote(second, 3, trigger, AT.plusNanos(123_456_789));
        }
        if (acknowledged) {
            record = record.acknowledge();
        }
        assertThat(ControllerRecord.decode(record.version(), record.encode())).isEqualTo(record);
    }
}
