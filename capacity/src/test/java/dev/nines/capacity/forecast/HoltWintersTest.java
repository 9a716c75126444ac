package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * Agreement with R's {@code stats::HoltWinters} and {@code predict.HoltWinters(..., prediction.interval = TRUE,
 * level = 0.95)}. Every reference figure below was printed by {@code capacity/src/test/r/holtwinters-reference.R}
 * with R 4.2.2 Patched (2022-11-10 r83330), Debian's r-base-core; the data sets are R's, exported by that script.
 *
 * <p>Tolerances: with fixed parameters our filter is R's filter, so states, SSE and forecasts agree to 1e-9
 * relative (intervals to 1e-8: the normal quantile). With estimated parameters R stops L-BFGS-B at a relative
 * decrease of 2.2e-9 with a finite-difference step of 1e-3, we converge further: parameters agree within 1%
 * (the acceptance), SSE within 0.01%, forecasts and intervals within 0.1%.
 */
class HoltWintersTest {

    record R(
            double alpha,
            double beta,
            double gamma,
            double sse,
            double[] coef,
            double[] fit,
            double[] upr,
            double[] lwr) {}

    // HoltWinters(AirPassengers, seasonal = "multiplicative")
    static final R AIR_MULT = new R(
            0.275592474736,
            0.0326929527337,
            0.870729222265,
            16570.777867,
            new double[] {
                469.323220567160,
                3.021539140125,
                0.946461079873,
                0.882923928081,
                0.971736934307,
                1.030482498245,
                1.047688370946,
                1.180527227993,
                1.359077750972,
                1.333170562707,
                1.108338054348,
                0.986881288901,
                0.836133303901,
                0.920987666123
            },
            new double[] {
                447.055931345,
                419.712279856,
                464.867131096,
                496.083937621,
                507.532637501,
                575.450895961,
                666.592293420,
                657.913718340,
                550.308766449,
                492.985309235,
                420.207279555,
                465.634500937
            },
            new double[] {
                466.805729663,
                440.291974466,
                486.771227831,
                519.334974737,
                531.927761673,
                602.193535572,
                696.555757421,
                688.645351961,
                578.977737735,
                520.955308557,
                446.945780574,
                487.968587431
            },
            new double[] {
                427.306133027,
                399.132585245,
                442.963034361,
                472.832900505,
                483.137513328,
                548.708256350,
                636.628829420,
                627.182084720,
                521.639795163,
                465.015309914,
                393.468778537,
                443.300414443
            });

    // HoltWinters(AirPassengers)
    static final R AIR_ADD = new R(
            0.247959489736,
            0.0345337296488,
            1,
            21860.18462185,
            new double[] {
                477.82778054015,
                3.12762656582,
                -27.45768535464,
                -54.69246441983,
                -20.17460814886,
                12.91911985045,
                18.87360679777,
                75.29442581459,
                152.88836849052,
                134.61346385063,
                33.77834931381,
                -18.37906011210,
                -87.77240750017,
                -45.82778054015
            },
            new double[] {
                453.497721751,
                429.390569252,
                467.036052089,
                503.257406654,
                512.339520167,
                571.887965750,
                652.609534991,
                637.462256917,
                539.754768946,
                490.724986086,
                424.459265264,
                469.531518790
            },
            new double[] {
                478.580176538,
                455.285136901,
                493.770631626,
                530.859021228,
                540.834345083,
                601.301360043,
                682.966075286,
                668.785772565,
                572.068377637,
                524.051129305,
                458.819743133,
                504.947523933
            },
            new double[] {
                428.415266965,
                403.496001603,
                440.301472552,
                475.655792080,
                483.844695251,
                542.474571457,
                622.252994697,
                606.138741269,
                507.441160256,
                457.398842867,
                390.098787395,
                434.115513647
            });

    // HoltWinters(co2)
    static final R CO2 = new R(
            0.512648443564,
            0.00949766904603,
            0.472886787995,
            43.129861367697,
            new double[] {
                364.761623668987,
                0.124743804250,
                0.221527459955,
                0.955280060451,
                1.598474394862,
                2.875802915198,
                3.282008835348,
                2.440698989396,
                0.896943263585,
                -1.379642761382,
                -3.411237617243,
                -3.257016264834,
                -1.913485028617,
                -0.584424985580
            },
            new double[] {
                365.107894933,
                365.966391338,
                366.734329477,
                368.136401801,
                368.667351526,
                367.950785484,
                366.531773562,
                364.379931342,
                362.473080290,
                362.752045447,
                364.220320487,
                365.674124334
            },
            new double[] {
                365.710471196,
                366.644878368,
                367.482279746,
                368.949033474,
                369.540955415,
                368.882390219,
                367.518940383,
                365.420620449,
                363.565559606,
                363.894825944,
                365.412108916,
                366.913787779
            },
            new double[] {
                364.505318670,
                365.287904308,
                365.986379207,
                367.323770129,
                367.793747636,
                367.019180749,
                365.544606742,
                363.339242235,
                361.380600973,
                361.609264949,
                363.028532058,
                364.434460890
            });

    // HoltWinters(co2, alpha = 0.5, beta = 0.01, gamma = 0.5)
    static final R CO2_FIXED = new R(
            0.5,
            0.01,
            0.5,
            43.206861297609,
            new double[] {
                364.743789040967,
                0.125199648942,
                0.232087743201,
                0.973408076565,
                1.604034082332,
                2.885932729650,
                3.286138625187,
                2.440204080036,
                0.917748335677,
                -1.363885021267,
                -3.415005484736,
                -3.251375329702,
                -1.903213612908,
                -0.561155879509
            },
            new double[] {
                365.101076433,
                365.967596415,
                366.723422070,
                368.130520366,
                368.655925911,
                367.935191015,
                366.537934919,
                364.381501211,
                362.455580397,
                362.744410201,
                364.217771566,
                365.685028949
            },
            new double[] {
                365.704215834,
                366.643280810,
                367.465828855,
                368.935287802,
                369.519648067,
                368.855126902,
                367.511827641,
                365.407458884,
                363.531994145,
                363.869895635,
                365.391125753,
                366.905197994
            },
            new double[] {
                364.497937032,
                365.291912021,
                365.981015285,
                367.325752931,
                367.792203755,
                367.015255127,
                365.564042197,
                363.355543539,
                361.379166648,
                361.618924767,
                363.044417380,
                364.464859904
            });

    // HoltWinters(AirPassengers, alpha = 0.3, beta = 0.05, gamma = 0.7, seasonal = "multiplicative"), 24 steps
    static final R AIR_MULT_FIXED = new R(
            0.3,
            0.05,
            0.7,
            17546.929924015,
            new double[] {
                481.189892556217,
                3.366053996884,
                0.923819266982,
                0.864390971860,
                0.964605595921,
                1.005717296785,
                1.027855897412,
                1.165170720253,
                1.335772710691,
                1.312883368099,
                1.086442167727,
                0.960775220845,
                0.816929226344,
                0.898424038381
            },
            new double[] {
                447.642119356,
                421.755372247,
                473.899206625,
                497.482192888,
                511.892961097,
                584.200539048,
                674.234308639,
                667.100097303,
                555.698196966,
                494.655538011,
                423.346193413,
                468.602292402,
                484.957625789,
                456.670412476,
                512.862180884,
                538.105777607,
                553.410782518,
                631.264869767,
                728.189705500,
                720.130933007,
                599.582472979,
                533.463793278,
                456.344128063,
                504.892018305
            },
            new double[] {
                465.439931379,
                440.751497371,
                494.869154313,
                520.240239982,
                536.366870688,
                612.072953940,
                706.496545749,
                700.636506328,
                586.526680784,
                524.515584108,
                451.658184615,
                495.347388769,
                523.295470856,
                494.966070059,
                555.223579491,
                583.203202220,
                600.810635933,
                685.101345276,
                790.323481174,
                783.416982004,
                655.602866632,
                586.028885796,
                504.462035058,
                551.916243098
            },
            new double[] {
                429.844307333,
                402.759247124,
                452.929258937,
                474.724145795,
                487.419051507,
                556.328124155,
                641.972071529,
                633.563688278,
                524.869713149,
                464.795491914,
                395.034202211,
                441.857196035,
                446.619780721,
                418.374754892,
                470.500782277,
                493.008352994,
                506.010929103,
                577.428394258,
                666.055929826,
                656.844884009,
                543.562079326,
                480.898700759,
                408.226221069,
                457.867793513
            });

    // HoltWinters(Nile, gamma = FALSE)
    static final R NILE_HOLT = new R(
            0.419064307966,
            0.0598770457712,
            0,
            2267504.0706698,
            new double[] {756.91373999948, -7.42459658537},
            new double[] {749.489143414, 742.064546829, 734.639950243, 727.215353658, 719.790757073},
            new double[] {1046.73599181, 1067.31224957, 1088.53472787, 1110.40367196, 1132.91622352},
            new double[] {452.242295019, 416.816844087, 380.745172619, 344.027035355, 306.665290622});

    // HoltWinters(Nile, gamma = FALSE, beta = FALSE)
    static final R NILE_SES = new R(
            0.246557877458,
            0,
            0,
            2038871.8328858,
            new double[] {805.038857706},
            new double[] {805.038857706, 805.038857706, 805.038857706, 805.038857706, 805.038857706},
            new double[] {1086.59652807, 1095.02833072, 1103.22180017, 1111.19607205, 1118.96785066},
            new double[] {523.481187342, 515.049384691, 506.855915239, 498.881643358, 491.109864754});

    // HoltWinters(synthetic()), 48 steps (first 24 kept here)
    static final R SYNTHETIC_ADD = new R(
            0.000537483068684,
            0.0128712116596,
            0.174399919243,
            253663.40361235,
            new double[] {1164.219196252321, 0.509846204696},
            new double[] {
                1167.831323110,
                1212.645721080,
                1266.138316115,
                1313.775055452,
                1340.185631310,
                1357.635978061,
                1373.434330153,
                1370.202503941,
                1343.790408603,
                1313.344940951,
                1280.774517175,
                1230.961670038,
                1175.230704335,
                1123.049155347,
                1077.492796646,
                1037.122822602,
                1003.293913141,
                983.306592425,
                978.750227594,
                985.020153476,
                1002.879135567,
                1035.871560690,
                1079.476879045,
                1126.675098724
            },
            new double[] {
                1223.72315685,
                1268.53756310,
                1322.03016663,
                1369.66691468,
                1396.07749946,
                1413.52785536,
                1429.32621682,
                1426.09440020,
                1399.68231468,
                1369.23685709,
                1336.66644359,
                1286.85360698,
                1231.12265204,
                1178.94111405,
                1133.38476659,
                1093.01480404,
                1059.18590632,
                1039.19859760,
                1034.64224501,
                1040.91218340,
                1058.77117825,
                1091.76361641,
                1135.36894805,
                1182.56718129
            },
            new double[] {
                1111.939489368,
                1156.753879056,
                1210.246465597,
                1257.883196225,
                1284.293763157,
                1301.744100762,
                1317.542443486,
                1314.310607681,
                1287.898502520,
                1257.453024817,
                1224.882590755,
                1175.069733098,
                1119.338756635,
                1067.157196646,
                1021.600826699,
                981.230841165,
                947.401919963,
                927.414587254,
                922.858210176,
                929.128123553,
                946.987092879,
                979.979504975,
                1023.584810037,
                1070.783016156
            });

    // HoltWinters(synthetic(), seasonal = "multiplicative"): R ends at alpha = 0, beta = 0 (both on the bound)
    static final R SYNTHETIC_MULT = new R(
            0,
            0,
            0.195897875341,
            263827.64732798,
            new double[] {1162.966720634806, 0.506485534165},
            new double[] {
                1168.137470712,
                1215.611731226,
                1271.344258813,
                1321.329824540,
                1349.675996534,
                1367.911090167,
                1383.832764654,
                1380.520709978,
                1353.161166769,
                1320.683237428,
                1285.871587028,
                1233.840592163,
                1174.708272667,
                1120.210409566,
                1072.787679917,
                1029.155664390,
                992.769587478,
                972.625519357,
                968.091709065,
                973.627455038,
                992.518484686,
                1028.540013432,
                1074.379735494
            },
            new double[] {
                1179.300866069,
                1226.775126583,
                1282.507654170,
                1332.493219897,
                1360.839391891,
                1379.074485524,
                1394.996160010,
                1391.684105334,
                1364.324562126,
                1331.846632784,
                1297.034982385,
                1245.003987520,
                1185.871668023,
                1131.373804923,
                1083.951075273,
                1040.319059746,
                1003.932982835,
                983.788914713,
                979.255104422,
                984.790850395,
                1003.681880042,
                1039.703408789,
                1085.543130850
            },
            new double[] {
                1156.974075356,
                1204.448335870,
                1260.180863457,
                1310.166429183,
                1338.512601177,
                1356.747694811,
                1372.669369297,
                1369.357314621,
                1341.997771413,
                1309.519842071,
                1274.708191671,
                1222.677196806,
                1163.544877310,
                1109.047014209,
                1061.624284560,
                1017.992269033,
                981.606192121,
                961.462124000,
                956.928313709,
                962.464059682,
                981.355089329,
                1017.376618075,
                1063.216340137
            });

    @Test
    void fixedParametersReproduceRsFilterOnCo2() {
        HoltWintersFit fit = HoltWinters.of(HoltWintersConfig.additive(12).toBuilder()
                        .alpha(0.5)
                        .beta(0.01)
                        .gamma(0.5)
                        .build())
                .fit(TestSeries.co2());

        assertExact(fit, CO2_FIXED, 12);
        assertThat(fit.optimizerEvaluations()).isZero();
    }

    @Test
    void fixedParametersReproduceRsMultiplicativeFilterOnAirPassengers() {
        HoltWintersFit fit = HoltWinters.of(HoltWintersConfig.multiplicative(12).toBuilder()
                        .alpha(0.3)
                        .beta(0.05)
                        .gamma(0.7)
                        .build())
                .fit(TestSeries.airPassengers());

        assertExact(fit, AIR_MULT_FIXED, 11);
    }

    @Test
    void multiplicativeIntervalsBeyondOnePeriodUseTheSeasonalFactorWhereRReadsTheTrend() {
        // predict.HoltWinters divides by coefficients[2 + (rel - j) %% f], which is the trend b when
        // (rel - j) %% f == 0. Reproducing that slip here gives R's printed intervals exactly, which shows
        // the diagnosis; our intervals use the seasonal factor s_f instead.
        HoltWintersFit fit = HoltWinters.of(HoltWintersConfig.multiplicative(12).toBuilder()
                        .alpha(0.3)
                        .beta(0.05)
                        .gamma(0.7)
                        .build())
                .fit(TestSeries.airPassengers());
        double[] c = AIR_MULT_FIXED.coef();
        double z = Normal.intervalMultiplier(0.95);
        for (int h = 12; h <= 24; h++) {
            int rel = 1 + (h - 1) % 12;
            double sum = 0;
            for (int j = 0; j < h; j++) {
                double psi = 0.3 * (1 + j * 0.05) + (j % 12 == 0 ? 0.7 * 0.7 : 0);
                double term = psi * c[1 + rel] / c[1 + Math.floorMod(rel - j, 12)];
                sum += term * term;
            }
            double rHalfWidth = z * Math.sqrt(fit.residualVariance() * sum);
            assertThat(AIR_MULT_FIXED.upr()[h - 1] - AIR_MULT_FIXED.fit()[h - 1])
                    .isCloseTo(rHalfWidth, within(1e-6));
            ForecastPoint ours = fit.forecast(24).step(h);
            assertThat(ours.upper() - ours.mean()).isNotCloseTo(rHalfWidth, within(1e-3));
        }
    }

    @Test
    void airPassengersMultiplicativeAgreesWithR() {
        HoltWintersFit fit =
                HoltWinters.of(HoltWintersConfig.multiplicative(12)).fit(TestSeries.airPassengers());

        assertAgrees(fit, AIR_MULT, 11);
    }

    @Test
    void airPassengersAdditiveAgreesWithR() {
        HoltWintersFit fit = HoltWinters.of(HoltWintersConfig.additive(12)).fit(TestSeries.airPassengers());

        assertAgrees(fit, AIR_ADD, 12);
    }

    @Test
    void co2AgreesWithR() {
        assertAgrees(HoltWinters.of(HoltWintersConfig.additive(12)).fit(TestSeries.co2()), CO2, 12);
    }

    @Test
    void holtLinearOnNileAgreesWithR() {
        assertAgrees(ForecastModel.holt().fit(TestSeries.nile()), NILE_HOLT, 5);
    }

    @Test
    void simpleExponentialSmoothingOnNileAgreesWithR() {
        assertAgrees(ForecastModel.simpleExponentialSmoothing().fit(TestSeries.nile()), NILE_SES, 5);
    }

    @Test
    void syntheticHourlySeriesAgreesWithR() {
        // alpha ends at (or next to) 0, where the level hardly moves, so beta, which smooths the level's
        // changes, barely changes the SSE and is not identifiable (R 0.0129, we 0.075 with a lower SSE).
        // Compare alpha and gamma absolutely, the SSE and forecasts relatively.
        HoltWintersFit fit = HoltWinters.of(HoltWintersConfig.additive(24)).fit(TestSeries.synthetic());
        assertNear(fit, SYNTHETIC_ADD, 24);
        HoltWintersFit mult =
                HoltWinters.of(HoltWintersConfig.multiplicative(24)).fit(TestSeries.synthetic());
        assertNear(mult, SYNTHETIC_MULT, 23);
    }

    private static void assertNear(HoltWintersFit fit, R r, int intervalSteps) {
        assertThat(fit.alpha()).as("alpha").isCloseTo(r.alpha(), within(0.01));
        assertThat(fit.gamma()).as("gamma").isCloseTo(r.gamma(), within(0.01));
        assertThat(fit.sse())
                .as("SSE")
                .isLessThanOrEqualTo(r.sse() * (1 + 1e-9))
                .isCloseTo(r.sse(), withinPercentage(0.01));
        Forecast f = fit.forecast(r.fit().length);
        for (int h = 1; h <= r.fit().length; h++) {
            assertThat(f.step(h).mean()).as("fit h=%d", h).isCloseTo(r.fit()[h - 1], withinPercentage(1));
        }
        for (int h = 1; h <= intervalSteps; h++) {
            assertThat(f.step(h).upper()).as("upr h=%d", h).isCloseTo(r.upr()[h - 1], withinPercentage(1));
            assertThat(f.step(h).lower()).as("lwr h=%d", h).isCloseTo(r.lwr()[h - 1], withinPercentage(1));
        }
    }

    private static void assertAgrees(HoltWintersFit fit, R r, int intervalSteps) {
        assertThat(fit.alpha()).as("alpha").isCloseTo(r.alpha(), withinPercentage(1));
        assertThat(fit.beta()).as("beta").isCloseTo(r.beta(), withinPercentage(1));
        assertThat(fit.gamma()).as("gamma").isCloseTo(r.gamma(), withinPercentage(1));
        // we never do worse than R on its own objective
        assertThat(fit.sse())
                .as("SSE")
                .isLessThanOrEqualTo(r.sse() * (1 + 1e-9))
                .isCloseTo(r.sse(), withinPercentage(0.01));
        Forecast f = fit.forecast(r.fit().length);
        for (int h = 1; h <= r.fit().length; h++) {
            assertThat(f.step(h).mean()).as("fit h=%d", h).isCloseTo(r.fit()[h - 1], withinPercentage(0.1));
        }
        for (int h = 1; h <= intervalSteps; h++) {
            assertThat(f.step(h).upper()).as("upr h=%d", h).isCloseTo(r.upr()[h - 1], withinPercentage(0.1));
            assertThat(f.step(h).lower()).as("lwr h=%d", h).isCloseTo(r.lwr()[h - 1], withinPercentage(0.1));
        }
    }

    private static void assertExact(HoltWintersFit fit, R r, int intervalSteps) {
        assertThat(fit.sse()).as("SSE").isCloseTo(r.sse(), withinPercentage(1e-7));
        assertThat(fit.level()).as("a").isCloseTo(r.coef()[0], withinPercentage(1e-7));
        assertThat(fit.trend()).as("b").isCloseTo(r.coef()[1], withinPercentage(1e-7));
        double[] s = fit.seasonals();
        for (int i = 0; i < s.length; i++) {
            assertThat(s[i])
                    .as("s%d", i + 1)
                    .isCloseTo(r.coef()[2 + i], within(1e-8 * Math.max(1, Math.abs(r.coef()[2 + i]))));
        }
        Forecast f = fit.forecast(r.fit().length);
        for (int h = 1; h <= r.fit().length; h++) {
            assertThat(f.step(h).mean()).as("fit h=%d", h).isCloseTo(r.fit()[h - 1], withinPercentage(1e-7));
        }
        for (int h = 1; h <= intervalSteps; h++) {
            assertThat(f.step(h).upper()).as("upr h=%d", h).isCloseTo(r.upr()[h - 1], withinPercentage(1e-6));
            assertThat(f.step(h).lower()).as("lwr h=%d", h).isCloseTo(r.lwr()[h - 1], withinPercentage(1e-6));
        }
    }

    @Test
    void refusesASeriesShorterThanTwoSeasons() {
        TimeSeries short23 = TestSeries.airPassengers().slice(0, 23);

        assertThatThrownBy(() -> HoltWinters.of(HoltWintersConfig.additive(12)).fit(short23))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("series must have at least 2 full seasons of period 12 (24 points), had 23");
    }

    @Test
    void refusesZeroOrNegativeValuesWithMultiplicativeSeasonality() {
        double[] v = TestSeries.airPassengers().values();
        v[30] = 0;
        TimeSeries withZero = TimeSeries.of(TestSeries.START, Duration.ofDays(30), v);
        v[30] = -5;
        TimeSeries withNegative = TimeSeries.of(TestSeries.START, Duration.ofDays(30), v);
        HoltWinters model = HoltWinters.of(HoltWintersConfig.multiplicative(12));

        assertThatThrownBy(() -> model.fit(withZero))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values[30] must be > 0 for multiplicative seasonality, was 0.0");
        assertThatThrownBy(() -> model.fit(withNegative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values[30] must be > 0 for multiplicative seasonality, was -5.0");
        // the additive model takes them
        assertThat(HoltWinters.of(HoltWintersConfig.additive(12))
                        .fit(withNegative)
                        .sse())
                .isPositive();
    }

    @Test
    void refusesASeriesWithMissingPoints() {
        double[] v = TestSeries.airPassengers().values();
        v[40] = Double.NaN;
        TimeSeries gappy = TimeSeries.withMissing(TestSeries.START, Duration.ofDays(30), v);

        assertThatThrownBy(() -> HoltWinters.of(HoltWintersConfig.additive(12)).fit(gappy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("series has 1 missing point(s), first at " + gappy.time(40));
    }

    @Test
    void refusesTooShortSeriesForHoltAndSimpleSmoothing() {
        TimeSeries three = TimeSeries.of(TestSeries.START, Duration.ofHours(1), new double[] {1, 2, 3});

        assertThatThrownBy(() -> ForecastModel.holt().fit(three))
                .hasMessage("series must have at least 4 points for Holt, had 3");
        assertThat(ForecastModel.simpleExponentialSmoothing()
                        .fit(three)
                        .forecast(1)
                        .step(1)
                        .mean())
                .isBetween(1.0, 3.0);
    }

    @Test
    void excludedPointsDoNotCountInTheSse() {
        TimeSeries air = TestSeries.airPassengers();
        double[] v = air.values();
        v[100] = 10_000; // an outlier
        TimeSeries spiked = TimeSeries.of(air.start(), air.step(), v);
        BitSet excluded = new BitSet();
        excluded.set(100);
        HoltWinters model = HoltWinters.of(HoltWintersConfig.multiplicative(12).toBuilder()
                .alpha(0.3)
                .beta(0.05)
                .gamma(0.7)
                .build());

        HoltWintersFit clean = model.fit(air, excluded);
        HoltWintersFit spikedButExcluded = model.fit(spiked, excluded);

        assertThat(spikedButExcluded.sse()).isEqualTo(clean.sse());
        assertThat(spikedButExcluded.forecast(12).means())
                .containsExactly(clean.forecast(12).means());
        assertThat(Double.isNaN(spikedButExcluded.residuals().value(100 - 12))).isTrue();
        assertThat(model.fit(spiked).sse()).isGreaterThan(clean.sse() * 10);
    }

    @Test
    void reportsParametersInRsOrder() {
        HoltWintersFit fit = HoltWinters.of(HoltWintersConfig.additive(12).toBuilder()
                        .alpha(0.5)
                        .beta(0.01)
                        .gamma(0.5)
                        .build())
                .fit(TestSeries.co2());

        assertThat(fit.parameters().keySet())
                .startsWith("alpha", "beta", "gamma", "level", "trend", "season1")
                .endsWith("season12");
        assertThat(fit.parameters().get("level")).isEqualTo(fit.level());
        assertThat(fit.fitted().start()).isEqualTo(TestSeries.co2().time(12));
        assertThat(fit.fitted().size()).isEqualTo(468 - 12);
        assertThat(fit.description()).isEqualTo("HoltWinters(additive, period=12)");
    }

    /** Hourly traffic: daily cycle, weekends at 60%, slow growth, deterministic noise. */
    private static double[] hourlyWithWeekends(int hours, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[hours];
        for (int t = 0; t < hours; t++) {
            int dayOfWeek = (t / 24) % 7;
            double weekly = dayOfWeek >= 5 ? 0.6 : 1.0;
            v[t] = weekly * (1000 + 300 * Math.sin(2 * Math.PI * t / 24) + 0.05 * t) + 20 * r.nextGaussian();
        }
        return v;
    }

    @Test
    void holtWintersOnTheWeeklyPeriodCapturesBothDailyAndWeeklySeasonality() {
        // the documented approach to two seasonalities: period 168 holds every hour of every weekday
        double[] v = hourlyWithWeekends(24 * 7 * 6, 11);
        TimeSeries train = TimeSeries.of(TestSeries.START, Duration.ofHours(1), java.util.Arrays.copyOf(v, 24 * 7 * 5));
        double[] lastWeek = java.util.Arrays.copyOfRange(v, 24 * 7 * 5, v.length);

        Forecast weekly =
                HoltWinters.of(HoltWintersConfig.additive(168)).fit(train).forecast(168);
        Forecast daily =
                HoltWinters.of(HoltWintersConfig.additive(24)).fit(train).forecast(168);
        Accuracy weeklyAccuracy = Accuracy.of(lastWeek, weekly.means(), 1);
        Accuracy dailyAccuracy = Accuracy.of(lastWeek, daily.means(), 1);

        assertThat(weeklyAccuracy.mapePercent()).isLessThan(5);
        assertThat(weeklyAccuracy.mae()).isLessThan(dailyAccuracy.mae() / 3);
    }

    @Test
    void fitsTwoYearsOfHourlyDataOnTheWeeklyPeriod() {
        // the size the issue benchmarks (17,520 points); a few hundred SSE evaluations of one pass each
        TimeSeries twoYears = TimeSeries.of(TestSeries.START, Duration.ofHours(1), hourlyWithWeekends(17_520, 3));

        for (HoltWintersConfig config :
                java.util.List.of(HoltWintersConfig.additive(168), HoltWintersConfig.multiplicative(168))) {
            HoltWintersFit fit = HoltWinters.of(config).fit(twoYears);
            assertThat(fit.converged()).isTrue();
            assertThat(fit.optimizerEvaluations()).isLessThan(2_000);
            assertThat(fit.fitted().size()).isEqualTo(17_520 - 168);
            double rmse = Math.sqrt(fit.sse() / fit.fitted().size());
            assertThat(rmse).isLessThan(40); // noise sd is 20
        }
    }

    @Test
    void excludedPointsInTheStartWindowAreInterpolatedForTheStartValues() {
        // slow smoothing keeps the start values visible in the forecast
        double[] clean = new double[48];
        for (int t = 0; t < clean.length; t++) {
            clean[t] = 100 + 10 * Math.sin(2 * Math.PI * t / 12);
        }
        double[] spiked = clean.clone();
        spiked[5] = 5_000;
        BitSet excluded = new BitSet();
        excluded.set(5);
        HoltWinters model = HoltWinters.of(HoltWintersConfig.additive(12).toBuilder()
                .alpha(0.05)
                .beta(0.01)
                .gamma(0.05)
                .build());

        double[] reference = model.fit(TimeSeries.of(TestSeries.START, Duration.ofHours(1), clean))
                .forecast(12)
                .means();
        double[] withExclusion = model.fit(TimeSeries.of(TestSeries.START, Duration.ofHours(1), spiked), excluded)
                .forecast(12)
                .means();
        double[] withoutExclusion = model.fit(TimeSeries.of(TestSeries.START, Duration.ofHours(1), spiked))
                .forecast(12)
                .means();

        for (int h = 0; h < 12; h++) {
            // interpolating sin between its neighbours misses by 10 * (1 - cos(30 deg)) = 1.3 at most
            assertThat(withExclusion[h]).isCloseTo(reference[h], within(1.5));
        }
        assertThat(Math.abs(withoutExclusion[5] - reference[5])).isGreaterThan(50);
    }

    @Test
    void refusesExclusionsThatLeaveTooLittleOrLieOutsideTheSeries() {
        TimeSeries air = TestSeries.airPassengers();
        BitSet all = new BitSet();
        all.set(0, air.size());
        BitSet beyond = new BitSet();
        beyond.set(air.size());
        HoltWinters model = HoltWinters.of(HoltWintersConfig.additive(12));

        assertThatThrownBy(() -> model.fit(air, all))
                .hasMessage("at least 2 one-step errors must remain after exclusions, had 0");
        assertThatThrownBy(() -> model.fit(air, beyond))
                .hasMessage("excluded index 144 is beyond the series (size 144)");
    }
}
