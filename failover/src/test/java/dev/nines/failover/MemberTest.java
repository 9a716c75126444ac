package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberTest {

    @Test
    void ofGivesAnAsyncMemberWithPriorityZeroAndNoTags() {
        Member member = Member.of("db-1");
        assertThat(member).isEqualTo(new Member("db-1", 0, Replication.ASYNC, Set.of()));
    }

    @Test
    void withersReturnChangedCopies() {
        Member member = Member.of("db-1")
                .withPriority(3)
                .withReplication(Replication.SYNC)
                .withTag(Member.NO_FAILOVER);
        assertThat(member.priority()).isEqualTo(3);
        assertThat(member.replication()).isEqualTo(Replication.SYNC);
        assertThat(member.hasTag(Member.NO_FAILOVER)).isTrue();
        assertThat(Member.of("db-1").hasTag(Member.NO_FAILOVER)).isFalse();
    }

    @Test
    void rejectsABlankIdOrTag() {
        assertThatThrownBy(() -> Member.of(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id must not be blank, was \" \"");
        assertThatThrownBy(() -> Member.of("a").withTag("")).isInstanceOf(IllegalArgumentException.class);
    }
}
