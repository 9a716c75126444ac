package dev.nines.capacity.model;

import dev.nines.core.internal.Arguments;

/**
 * The M/M/c queue: Poisson arrivals, exponential service times, {@code c} identical servers, an
 * unbounded FIFO queue. Erlang C gives the probability that a request waits; from it the mean
 * wait, the service level (probability of waiting at most {@code t}) and the number of servers
 * needed for a target.
 *
 * <p>The offered load is {@code A = arrivalRate x meanServiceTime} erlangs; the queue is stable
 * only when {@code A < servers} (an unstable queue waits with probability 1 and an infinite mean).
 * Erlang C is computed from the Erlang B recursion {@code B(k) = A B(k-1) / (k + A B(k-1))},
 * {@code C = c B / (c - A (1 - B))}, which is exact in double precision for thousands of servers
 * (no factorials). Rates per second, times in seconds. Stateless and thread-safe.
 *
 * <pre>{@code
 * // 100 calls per 30 minutes, 180 s each: 10 erlangs. With 11 agents 68.2% of calls wait.
 * double pWait = ErlangC.probabilityOfWaiting(11, 10.0);
 * int agents = ErlangC.serversForServiceLevel(100 / 1800.0, 180, 20, 0.80);   // 14: 80% answered within 20 s
 * }</pre>
 */
public final class ErlangC {

    private ErlangC() {}

    /**
     * Returns the Erlang B blocking probability (an M/M/c/c system that drops when full).
     *
     * @param servers the number of servers, at least 1
     * @param offeredLoad the offered load in erlangs, at least 0
     * @return the blocking probability in [0, 1]
     */
    public static double erlangB(int servers, double offeredLoad) {
        Arguments.atLeast("servers", servers, 1);
        LittlesLaw.finite("offeredLoad", offeredLoad);
        double b = 1.0;
        for (int k = 1; k <= servers; k++) {
            b = offeredLoad * b / (k + offeredLoad * b);
        }
        return b;
    }

    /**
     * Returns the Erlang C probability that an arriving request has to wait.
     *
     * @param servers the number of servers, at least 1
     * @param offeredLoad the offered load in erlangs, at least 0
     * @return the probability of waiting in [0, 1]; 1 when {@code offeredLoad >= servers}
     */
    public static double probabilityOfWaiting(int servers, double offeredLoad) {
        double b = erlangB(servers, offeredLoad);
        if (offeredLoad >= servers) {
            return 1.0;
        }
        double c = servers * b / (servers - offeredLoad * (1.0 - b));
        return Math.min(1.0, c);
    }

    /**
     * Returns the mean wait in the queue over all requests (the average speed of answer):
     * {@code C / (c mu - lambda)}.
     *
     * @param servers the number of servers, at least 1
     * @param arrivalRatePerSecond the arrival rate, at least 0
     * @param meanServiceSeconds the mean service time, positive
     * @return the mean wait in seconds; infinite when unstable
     */
    public static double meanWaitSeconds(int servers, double arrivalRatePerSecond, double meanServiceSeconds) {
        double load = offeredLoad(arrivalRatePerSecond, meanServiceSeconds);
        Arguments.atLeast("servers", servers, 1);
        if (load >= servers) {
            return Double.POSITIVE_INFINITY;
        }
        double pWait = probabilityOfWaiting(servers, load);
        return pWait * meanServiceSeconds / (servers - load);
    }

    /**
     * Returns the mean response time: mean wait plus mean service time.
     *
     * @param servers the number of servers, at least 1
     * @param arrivalRatePerSecond the arrival rate, at least 0
     * @param meanServiceSeconds the mean service time, positive
     * @return the mean time in system in seconds; infinite when unstable
     */
    public static double meanResponseSeconds(int servers, double arrivalRatePerSecond, double meanServiceSeconds) {
        return meanWaitSeconds(servers, arrivalRatePerSecond, meanServiceSeconds) + meanServiceSeconds;
    }

    /**
     * Returns the mean number of requests waiting (Little's law on the mean wait).
     *
     * @param servers the number of servers, at least 1
     * @param arrivalRatePerSecond the arrival rate, at least 0
     * @param meanServiceSeconds the mean service time, positive
     * @return the mean queue length; infinite when unstable
     */
    public static double meanQueueLength(int servers, double arrivalRatePerSecond, double meanServiceSeconds) {
        return arrivalRatePerSecond * meanWaitSeconds(servers, arrivalRatePerSecond, meanServiceSeconds);
    }

    /**
     * Returns the service level: the probability that a request waits at most {@code targetWaitSeconds},
     * {@code 1 - C e^(-(c - A) t / serviceTime)}.
     *
     * @param servers the number of servers, at least 1
     * @param arrivalRatePerSecond the arrival rate, at least 0
     * @param meanServiceSeconds the mean service time, positive
     * @param targetWaitSeconds the acceptable wait, at least 0
     * @return the service level ratio in [0, 1]; 0 when unstable
     */
    public static double serviceLevel(
            int servers, double arrivalRatePerSecond, double meanServiceSeconds, double targetWaitSeconds) {
        double load = offeredLoad(arrivalRatePerSecond, meanServiceSeconds);
        LittlesLaw.finite("targetWaitSeconds", targetWaitSeconds);
        Arguments.atLeast("servers", servers, 1);
        if (load >= servers) {
            return 0.0;
        }
        double pWait = probabilityOfWaiting(servers, load);
        return 1.0 - pWait * Math.exp(-(servers - load) * targetWaitSeconds / meanServiceSeconds);
    }

    /**
     * Returns the fewest servers whose mean wait is at most the target.
     *
     * @param arrivalRatePerSecond the arrival rate, at least 0
     * @param meanServiceSeconds the mean service time, positive
     * @param targetMeanWaitSeconds the acceptable mean wait, positive
     * @return the number of servers, at least 1
     */
    public static int serversForMeanWait(
            double arrivalRatePerSecond, double meanServiceSeconds, double targetMeanWaitSeconds) {
        double load = offeredLoad(arrivalRatePerSecond, meanServiceSeconds);
        LittlesLaw.positive("targetMeanWaitSeconds", targetMeanWaitSeconds);
        int c = Math.max(1, (int) Math.floor(load) + 1);
        while (meanWaitSeconds(c, arrivalRatePerSecond, meanServiceSeconds) > targetMeanWaitSeconds) {
            c++;
        }
        return c;
    }

    /**
     * Returns the fewest servers that answer at least {@code targetRatio} of requests within
     * {@code targetWaitSeconds} (for example 80% within 20 s).
     *
     * @param arrivalRatePerSecond the arrival rate, at least 0
     * @param meanServiceSeconds the mean service time, positive
     * @param targetWaitSeconds the acceptable wait, at least 0
     * @param targetRatio the service level to reach, in [0, 1)
     * @return the number of servers, at least 1
     */
    public static int serversForServiceLevel(
            double arrivalRatePerSecond, double meanServiceSeconds, double targetWaitSeconds, double targetRatio) {
        double load = offeredLoad(arrivalRatePerSecond, meanServiceSeconds);
        LittlesLaw.finite("targetWaitSeconds", targetWaitSeconds);
        if (!(targetRatio >= 0.0 && targetRatio < 1.0)) {
            throw new IllegalArgumentException("targetRatio must be in [0, 1), was " + targetRatio);
        }
        int c = Math.max(1, (int) Math.floor(load) + 1);
        while (serviceLevel(c, arrivalRatePerSecond, meanServiceSeconds, targetWaitSeconds) < targetRatio) {
            c++;
        }
        return c;
    }

    /**
     * Returns the offered load {@code A = lambda x serviceTime} in erlangs.
     *
     * @param arrivalRatePerSecond the arrival rate, at least 0
     * @param meanServiceSeconds the mean service time, positive
     * @return the offered load
     */
    public static double offeredLoad(double arrivalRatePerSecond, double meanServiceSeconds) {
        return LittlesLaw.finite("arrivalRatePerSecond", arrivalRatePerSecond)
                * LittlesLaw.positive("meanServiceSeconds", meanServiceSeconds);
    }
}
