package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCalendarTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant T0 = TestSeries.START;

    /** Six weeks of hourly traffic with a daily cycle; campaign days lift traffic by 40%. */
    private static double[] traffic(List<Integer> campaignDays) {
        double[] v = new double[24 * 42];
        for (int t = 0; t < v.length; t++) {
            double base = 1000 + 300 * Math.sin(2 * Math.PI * t / 24) + 0.2 * t;
            v[t] = campaignDays.contains(t / 24) ? 1.4 * base : base;
        }
        return v;
    }

    private static Instant day(int d) {
        return T0.plus(Duration.ofDays(d));
    }

    @Test
    void marksThePointsInsideEachEvent() {
        TimeSeries s = TimeSeries.of(T0, HOUR, new double[48]);
        EventCalendar calendar = EventCalendar.builder()
                .event("maintenance", T0.plus(Duration.ofMinutes(90)), T0.plus(Duration.ofHours(4)))
                .event("future", day(10), day(11))
                .build();

        BitSet mask = calendar.eventPoints(s);
        // points at 02:00 and 03:00 fall in [01:30, 04:00)
        assertThat(mask.stream().toArray()).containsExactly(2, 3);
    }

    @Test
    void learnsAMultiplicativeUpliftFromPastOccurrencesAndAppliesItToAFutureOne() {
        TimeSeries history = TimeSeries.of(T0, HOUR, traffic(List.of(16, 30)));
        EventCalendar calendar = EventCalendar.builder()
                .event("campaign", day(16), day(17))
                .event("campaign", day(30), day(31))
                .event("campaign", day(43), day(44)) // in the forecast
                .build();
        ForecastModel model = ForecastModel.holtWinters(HoltWintersConfig.additive(24));

        FittedModel fit = calendar.fitExcludingEvents(model, history);
        EventCalendar learned = calendar.learnUplifts(fit, Uplift.Type.MULTIPLICATIVE);
        Forecast plain = fit.forecast(24 * 3);
        Forecast withEvents = learned.apply(plain);

        assertThat(learned.uplift("campaign")).hasValueSatisfying(u -> {
            assertThat(u.type()).isEqualTo(Uplift.Type.MULTIPLICATIVE);
            assertThat(u.value()).isCloseTo(1.4, within(0.02));
        });
        double factor = learned.uplift("campaign").orElseThrow().value();
        for (int h = 1; h <= 72; h++) {
            ForecastPoint p = plain.step(h);
            ForecastPoint e = withEvents.step(h);
            boolean campaign = h > 24 && h <= 48; // the forecast starts on day 42
            assertThat(e.mean()).isCloseTo(campaign ? p.mean() * factor : p.mean(), within(1e-9));
            assertThat(e.upper()).isCloseTo(campaign ? p.upper() * factor : p.upper(), within(1e-9));
        }
        assertThat(withEvents.model()).endsWith(" with events");
    }

    @Test
    void excludingPastEventsKeepsThemOutOfTheFit() {
        TimeSeries clean = TimeSeries.of(T0, HOUR, traffic(List.of()));
        TimeSeries withCampaign = TimeSeries.of(T0, HOUR, traffic(List.of(20)));
        EventCalendar calendar =
                EventCalendar.builder().event("campaign", day(20), day(21)).build();
        HoltWinters model = HoltWinters.of(HoltWintersConfig.additive(24).toBuilder()
                .alpha(0.3)
                .beta(0.01)
                .gamma(0.2)
                .build());

        FittedModel excluded = calendar.fitExcludingEvents(model, withCampaign);
        FittedModel reference = model.fit(clean, calendar.eventPoints(clean));

        assertThat(excluded.forecast(24).means())
                .containsExactly(reference.forecast(24).means());
        assertThat(model.fit(withCampaign).sse()).isGreaterThan(excluded.sse());
    }

    @Test
    void learnsAnAdditiveUplift() {
        double[] v = traffic(List.of());
        for (int t = 24 * 25; t < 24 * 26; t++) {
            v[t] += 500;
        }
        TimeSeries history = TimeSeries.of(T0, HOUR, v);
        EventCalendar calendar =
                EventCalendar.builder().event("launch", day(25), day(26)).build();

        EventCalendar learned = calendar.learnUplifts(
                calendar.fitExcludingEvents(ForecastModel.holtWinters(HoltWintersConfig.additive(24)), history),
                Uplift.Type.ADDITIVE);

        assertThat(learned.uplift("launch").orElseThrow().value()).isCloseTo(500, within(15.0));
    }

    @Test
    void handGivenUpliftsWinOverLearningAndMissingOnesFailLoudly() {
        TimeSeries history = TimeSeries.of(T0, HOUR, traffic(List.of(16)));
        EventCalendar calendar = EventCalendar.builder()
                .event("campaign", day(16), day(17))
                .uplift("campaign", Uplift.multiplicative(2))
                .event("holiday", day(42), day(43)) // never seen in history, no uplift given
                .build();
        FittedModel fit =
                calendar.fitExcludingEvents(ForecastModel.holtWinters(HoltWintersConfig.additive(24)), history);

        EventCalendar learned = calendar.learnUplifts(fit, Uplift.Type.MULTIPLICATIVE);

        assertThat(learned.uplifts()).containsOnlyKeys("campaign");
        assertThat(learned.uplift("campaign")).contains(Uplift.multiplicative(2));
        assertThatThrownBy(() -> learned.apply(fit.forecast(24)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "no uplift known for event kind 'holiday' (give one by hand or learn it from history that contains it)");
    }

    @Test
    void aForecastOutsideEveryEventIsReturnedUnchanged() {
        Forecast f = new Forecast("m", 0.95, List.of(new ForecastPoint(day(100), 1, 0, 2)));
        EventCalendar calendar =
                EventCalendar.builder().event("x", day(1), day(2)).build();

        assertThat(calendar.apply(f)).isSameAs(f);
    }

    @Test
    void valuesRefuseNonsense() {
        assertThatThrownBy(() -> new CalendarEvent(" ", T0, day(1))).hasMessage("kind must not be blank, was \" \"");
        assertThatThrownBy(() -> new CalendarEvent("x", T0, T0))
                .hasMessage("end must be after start " + T0 + ", was " + T0);
        assertThatThrownBy(() -> Uplift.multiplicative(0)).hasMessage("value must be a finite factor > 0, was 0.0");
        assertThatThrownBy(() -> Uplift.additive(Double.NaN)).hasMessage("value must be finite, was NaN");
        assertThat(Uplift.additive(-5).applyTo(10)).isEqualTo(5);
        assertThat(new CalendarEvent("x", T0, day(1)).contains(day(1))).isFalse();
        assertThat(new CalendarEvent("x", T0, day(1)).contains(T0)).isTrue();
    }
}
