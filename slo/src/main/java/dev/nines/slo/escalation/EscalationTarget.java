package dev.nines.slo.escalation;

import dev.nines.core.internal.Arguments;
import java.time.Instant;
import java.util.Objects;

/** Whom a level of an {@link EscalationPolicy} pages: a named person, or whoever is on call. */
public sealed interface EscalationTarget permits EscalationTarget.Person, EscalationTarget.OnCall {

    /**
     * Returns who receives the page at {@code t}.
     *
     * @param t the instant of the page
     * @return the recipient's name
     */
    String resolve(Instant t);

    /**
     * Returns a target that always pages {@code name}.
     *
     * @param name the person (or a team's address), not blank
     * @return the target
     */
    static EscalationTarget person(String name) {
        return new Person(name);
    }

    /**
     * Returns a target that pages whoever {@code schedule} has on call at the time of the page.
     *
     * @param schedule the schedule
     * @return the target
     */
    static EscalationTarget onCall(OnCallSchedule schedule) {
        return new OnCall(schedule);
    }

    /**
     * A named person.
     *
     * @param name not blank
     */
    record Person(String name) implements EscalationTarget {
        /**
         * Validates the name.
         *
         * @param name not blank
         */
        public Person {
            Arguments.notBlank("name", name);
        }

        @Override
        public String resolve(Instant t) {
            return name;
        }
    }

    /**
     * Whoever a schedule has on call.
     *
     * @param schedule the schedule
     */
    record OnCall(OnCallSchedule schedule) implements EscalationTarget {
        /**
         * Checks the schedule.
         *
         * @param schedule the schedule
         */
        public OnCall {
            Objects.requireNonNull(schedule, "schedule");
        }

        @Override
        public String resolve(Instant t) {
            return schedule.onCallAt(t);
        }
    }
}
