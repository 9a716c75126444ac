package dev.nines.examples.demo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * Checkout requests per minute: a daily curve with a lunch and an evening peak, busier weekends,
 * 12% growth a month and a little noise. Deterministic from its seed.
 */
final class Traffic {

    /** Average checkouts per minute at the start, before the daily and weekly shape. */
    static final double BASE_PER_MINUTE = 900;

    static final double MONTHLY_GROWTH = 0.12;

    private final Instant start;
    private final SplittableRandom random;

    Traffic(Instant start, long seed) {
        this.start = start;
        this.random = new SplittableRandom(seed);
    }

    /** The checkouts in the minute starting at {@code minute}; call once per minute, in order. */
    long requests(Instant minute) {
        double days = (minute.getEpochSecond() - start.getEpochSecond()) / 86_400.0;
        double growth = Math.pow(1 + MONTHLY_GROWTH, days / 30.0);
        ZonedDateTime t = minute.atZone(ZoneOffset.UTC);
        double hour = t.getHour() + t.getMinute() / 60.0;
        double daily = 0.25 + 0.9 * bump(hour, 12.5, 2.0) + 1.3 * bump(hour, 20.0, 2.5);
        DayOfWeek dow = t.getDayOfWeek();
        double weekly = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 1.25 : 1.0;
        double noise = Math.exp(0.05 * random.nextDouble(-1.7, 1.7));
        return Math.round(BASE_PER_MINUTE * growth * daily * weekly * noise);
    }

    private static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-d * d / (2 * width * width));
    }
}
