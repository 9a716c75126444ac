package dev.nines.capacity.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Minimises a smooth function inside a box {@code [lower, upper]}: a projected quasi-Newton method
 * (BFGS inverse-Hessian update, gradient by central differences, one-sided at a bound, variables held
 * at a bound while the gradient pushes outwards, projected Armijo backtracking). It plays the role of
 * the L-BFGS-B method R's {@code optim} uses in {@code HoltWinters}: a local method from the same start
 * point, so it finds the same local minimum; we converge more tightly than R's default
 * ({@code factr = 1e7}, relative decrease 2.2e-9, gradient step 1e-3), so parameters can differ from R's
 * in the fourth significant digit where the objective is flat. One dimension uses golden-section
 * search, as R uses {@code optimize} there.
 *
 * <p>{@link #minimizeGlobally} adds the starts a local method lacks: an SSE surface of exponential
 * smoothing has several local minima (on R's {@code co2}, Holt's surface has one near beta 0.02 with
 * SSE 708 and the global one at alpha = beta = 1 with SSE 397), and which one a local method reaches
 * depends on small details of its steps. L-BFGS-B in R reaches (1, 1) there; this method and
 * Hipparchus' BOBYQA (tried, from the same start) stop at beta 0.02. So a better local optimiser
 * does not fix the class of bug: several starts do.
 */
final class BoundedMinimizer {

    /** A function of a point; must not keep the array. */
    interface Objective {
        double value(double[] point);
    }

    /** The minimum found. */
    @SuppressWarnings("ArrayRecordComponent") // internal: never compared or hashed, and copying would allocate
    record Result(double[] point, double value, int evaluations, boolean converged) {}

    private static final int MAX_ITERATIONS = 500;
    private static final double RELATIVE_DECREASE = 1e-12;
    private static final double DIFF_STEP = 1e-6;

    private BoundedMinimizer() {}

    /** Grid points per dimension for one or two dimensions, bounds included (0, 0.1, ..., 1 on [0, 1]). */
    static final int GRID_POINTS = 11;
    /** Grid points per dimension for three (0, 0.2, ..., 1): 216 evaluations instead of 1,331. */
    static final int GRID_POINTS_3D = 6;
    /** Best grid points a local search starts from, besides the caller's start. */
    static final int GRID_STARTS = 3;
    /** Another start's minimum replaces the caller's only when lower by more than this, relatively. */
    private static final double REPLACE_MARGIN = 1e-9;

    /**
     * Minimises from the caller's start and from the three best points of a grid over the box (11 points
     * per dimension in two dimensions, 6 in three) that lie more than one grid cell from every minimum
     * already found (a start that close would most likely find the same minimum again), and returns
     * the lowest minimum found. The caller's start (R's start, so R's local minimum) wins unless another
     * start finds a value lower by more than a relative 1e-9, so results agree with R wherever R found
     * the best minimum. One dimension: golden-section search within one cell of each discrete local
     * minimum of an 11-point grid that is not near the minimum already found.
     *
     * @param f the objective
     * @param start the caller's start point
     * @param lower the lower bounds
     * @param upper the upper bounds
     * @return the best minimum; {@code evaluations} counts every run, {@code converged} is the winner's
     */
    static Result minimizeGlobally(Objective f, double[] start, double[] lower, double[] upper) {
        int k = start.length;
        Result best = minimize(f, start, lower, upper);
        int evaluations = best.evaluations();
        List<double[]> found = new ArrayList<>();
        found.add(best.point());
        if (k == 1) {
            // golden section around each discrete local minimum of the grid that is not the one found already
            double width = (upper[0] - lower[0]) / (GRID_POINTS - 1);
            double[] values = new double[GRID_POINTS];
            double[] p = new double[1];
            int[] counted = {0};
            for (int i = 0; i < GRID_POINTS; i++) {
                p[0] = gridPoint(i, GRID_POINTS, lower[0], upper[0]);
                values[i] = eval(f, p, counted);
            }
            evaluations += counted[0];
            for (int i = 0; i < GRID_POINTS; i++) {
                boolean localMinimum =
                        (i == 0 || values[i] <= values[i - 1]) && (i == GRID_POINTS - 1 || values[i] <= values[i + 1]);
                double x = gridPoint(i, GRID_POINTS, lower[0], upper[0]);
                if (!localMinimum || near(new double[] {x}, found, new double[] {width})) {
                    continue;
                }
                Result r = golden(f, Math.max(lower[0], x - width), Math.min(upper[0], x + width));
                evaluations += r.evaluations();
                found.add(r.point());
                best = better(best, r);
            }
            return new Result(best.point(), best.value(), evaluations, best.converged());
        }
        int perDimension = k == 2
                ? GRID_POINTS
                : Math.max(3, (int) Math.floor(Math.pow(Math.pow(GRID_POINTS_3D, 3), 1.0 / k) + 1e-9));
        double[] cell = new double[k];
        for (int i = 0; i < k; i++) {
            cell[i] = (upper[i] - lower[i]) / (perDimension - 1);
        }
        int total = 1;
        for (int i = 0; i < k; i++) {
            total *= perDimension;
        }
        double[][] starts = new double[GRID_STARTS][];
        double[] startValues = new double[GRID_STARTS];
        java.util.Arrays.fill(startValues, Double.POSITIVE_INFINITY);
        double[] p = new double[k];
        for (int index = 0; index < total; index++) {
            int rest = index;
            for (int i = 0; i < k; i++) {
                p[i] = gridPoint(rest % perDimension, perDimension, lower[i], upper[i]);
                rest /= perDimension;
            }
            double v = f.value(p);
            evaluations++;
            if (Double.isNaN(v)) {
                continue;
            }
            // keep the GRID_STARTS lowest points, sorted by value
            for (int slot = 0; slot < GRID_STARTS; slot++) {
                if (v < startValues[slot]) {
                    System.arraycopy(startValues, slot, startValues, slot + 1, GRID_STARTS - slot - 1);
                    System.arraycopy(starts, slot, starts, slot + 1, GRID_STARTS - slot - 1);
                    startValues[slot] = v;
                    starts[slot] = p.clone();
                    break;
                }
            }
        }
        for (double[] s : starts) {
            // a start within one grid cell of a minimum already found would most likely find it again
            if (s == null || near(s, found, cell)) {
                continue;
            }
            Result r = minimize(f, s, lower, upper);
            evaluations += r.evaluations();
            found.add(r.point());
            best = better(best, r);
        }
        return new Result(best.point(), best.value(), evaluations, best.converged());
    }

    private static double gridPoint(int step, int points, double lower, double upper) {
        return step == points - 1 ? upper : lower + (upper - lower) * step / (points - 1);
    }

    private static boolean near(double[] point, List<double[]> minima, double[] cell) {
        for (double[] m : minima) {
            boolean close = true;
            for (int i = 0; i < point.length && close; i++) {
                close = Math.abs(point[i] - m[i]) <= cell[i] * (1 + 1e-9);
            }
            if (close) {
                return true;
            }
        }
        return false;
    }

    private static Result better(Result incumbent, Result challenger) {
        double margin = REPLACE_MARGIN * Math.abs(incumbent.value());
        return challenger.value() < incumbent.value() - margin ? challenger : incumbent;
    }

    static Result minimize(Objective f, double[] start, double[] lower, double[] upper) {
        int k = start.length;
        if (k == 1) {
            return golden(f, lower[0], upper[0]);
        }
        int[] evaluations = {0};
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = clamp(start[i], lower[i], upper[i]);
        }
        double fx = eval(f, x, evaluations);
        double[] g = gradient(f, x, fx, lower, upper, evaluations);
        double[][] h = diagonalStart(f, x, fx, g, lower, upper, evaluations);
        boolean fresh = true;
        boolean converged = false;
        double[] d = new double[k];
        double[] xt = new double[k];
        boolean[] free = new boolean[k];
        boolean[] wasFree = new boolean[k];
        java.util.Arrays.fill(wasFree, true);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            int freeCount = 0;
            boolean activeSetChanged = false;
            for (int i = 0; i < k; i++) {
                free[i] = !((x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0));
                if (free[i]) {
                    freeCount++;
                }
                activeSetChanged |= free[i] != wasFree[i];
                wasFree[i] = free[i];
            }
            if (freeCount == 0) {
                converged = true;
                break;
            }
            if (activeSetChanged && !fresh) {
                // the curvature learnt along a variable now held at its bound misleads the others: start afresh
                h = diagonalStart(f, x, fx, g, lower, upper, evaluations);
                fresh = true;
            }
            double slope = direction(h, g, free, d);
            if (!(slope < 0)) {
                h = diagonalStart(f, x, fx, g, lower, upper, evaluations);
                fresh = true;
                slope = direction(h, g, free, d);
                if (!(slope < 0)) {
                    converged = true;
                    break;
                }
            }
            double t = 1;
            double ft = Double.NaN;
            boolean accepted = false;
            for (int tries = 0; tries < 60; tries++) {
                double decrease = 0;
                for (int i = 0; i < k; i++) {
                    xt[i] = clamp(x[i] + t * d[i], lower[i], upper[i]);
                    decrease += g[i] * (xt[i] - x[i]);
                }
                ft = eval(f, xt, evaluations);
                if (ft <= fx + 1e-4 * decrease) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                converged = true;
                break;
            }
            double[] gt = gradient(f, xt, ft, lower, upper, evaluations);
            double[] s = new double[k];
            double[] y = new double[k];
            double sy = 0;
            double yy = 0;
            double ss = 0;
            for (int i = 0; i < k; i++) {
                s[i] = xt[i] - x[i];
                y[i] = gt[i] - g[i];
                sy += s[i] * y[i];
                yy += y[i] * y[i];
                ss += s[i] * s[i];
            }
            boolean small = fx - ft <= RELATIVE_DECREASE * (Math.abs(fx) + Math.abs(ft) + 1e-300) || ss < 1e-24;
            System.arraycopy(xt, 0, x, 0, k);
            fx = ft;
            g = gt;
            if (small) {
                if (fresh) {
                    converged = true;
                    break;
                }
                // a stale inverse Hessian can crawl; confirm convergence with a fresh start
                h = diagonalStart(f, x, fx, g, lower, upper, evaluations);
                fresh = true;
                continue;
            }
            fresh = false;
            if (sy > 1e-10 * Math.sqrt(ss * yy)) {
                bfgsUpdate(h, s, y, sy);
            }
        }
        return new Result(x, fx, evaluations[0], converged);
    }

    private static double direction(double[][] h, double[] g, boolean[] free, double[] d) {
        int k = g.length;
        double slope = 0;
        for (int i = 0; i < k; i++) {
            double v = 0;
            if (free[i]) {
                for (int j = 0; j < k; j++) {
                    if (free[j]) {
                        v -= h[i][j] * g[j];
                    }
                }
            }
            d[i] = v;
            slope += v * g[i];
        }
        return slope;
    }

    private static void bfgsUpdate(double[][] h, double[] s, double[] y, double sy) {
        int k = s.length;
        double[] hy = new double[k];
        double yhy = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                hy[i] += h[i][j] * y[j];
            }
            yhy += y[i] * hy[i];
        }
        double rho = 1 / sy;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                h[i][j] += (1 + yhy * rho) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
            }
        }
    }

    /**
     * Returns a diagonal inverse Hessian from second differences with step 1e-4 (one-sided near a bound),
     * falling back to a step of 0.1 along the gradient where the curvature is not positive.
     */
    private static double[][] diagonalStart(
            Objective f, double[] x, double fx, double[] g, double[] lower, double[] upper, int[] evaluations) {
        int k = x.length;
        double[][] h = new double[k][k];
        double fallback = initialScale(g);
        double[] p = x.clone();
        double step = 1e-4;
        for (int i = 0; i < k; i++) {
            double curvature;
            if (x[i] - step >= lower[i] && x[i] + step <= upper[i]) {
                p[i] = x[i] + step;
                double up = eval(f, p, evaluations);
                p[i] = x[i] - step;
                double down = eval(f, p, evaluations);
                curvature = (up - 2 * fx + down) / (step * step);
            } else {
                double dir = x[i] + 2 * step <= upper[i] ? step : -step;
                p[i] = x[i] + dir;
                double one = eval(f, p, evaluations);
                p[i] = x[i] + 2 * dir;
                double two = eval(f, p, evaluations);
                curvature = (two - 2 * one + fx) / (step * step);
            }
            p[i] = x[i];
            h[i][i] = curvature > 0 && Double.isFinite(curvature) ? 1 / curvature : fallback;
        }
        return h;
    }

    private static double initialScale(double[] g) {
        double norm = 0;
        for (double v : g) {
            norm = Math.max(norm, Math.abs(v));
        }
        return norm > 0 ? 0.1 / norm : 1;
    }

    private static double[] gradient(
            Objective f, double[] x, double fx, double[] lower, double[] upper, int[] evaluations) {
        int k = x.length;
        double[] g = new double[k];
        double[] p = x.clone();
        for (int i = 0; i < k; i++) {
            double up = Math.min(x[i] + DIFF_STEP, upper[i]);
            double down = Math.max(x[i] - DIFF_STEP, lower[i]);
            p[i] = up;
            double fUp = up == x[i] ? fx : eval(f, p, evaluations);
            p[i] = down;
            double fDown = down == x[i] ? fx : eval(f, p, evaluations);
            p[i] = x[i];
            g[i] = (fUp - fDown) / (up - down);
        }
        return g;
    }

    /** Golden-section search on [lo, hi] to an absolute tolerance of 1e-9. */
    static Result golden(Objective f, double lo, double hi) {
        int[] evaluations = {0};
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = hi;
        double c = b - ratio * (b - a);
        double d = a + ratio * (b - a);
        double[] p = new double[1];
        double fc = eval1(f, p, c, evaluations);
        double fd = eval1(f, p, d, evaluations);
        while (b - a > 1e-9) {
            if (fc <= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - ratio * (b - a);
                fc = eval1(f, p, c, evaluations);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + ratio * (b - a);
                fd = eval1(f, p, d, evaluations);
            }
        }
        double best = fc <= fd ? c : d;
        // the minimum may sit on a bound, which golden section only approaches
        double fBest = Math.min(fc, fd);
        double fLo = eval1(f, p, lo, evaluations);
        double fHi = eval1(f, p, hi, evaluations);
        if (fLo < fBest) {
            best = lo;
            fBest = fLo;
        }
        if (fHi < fBest) {
            best = hi;
            fBest = fHi;
        }
        return new Result(new double[] {best}, fBest, evaluations[0], true);
    }

    private static double eval1(Objective f, double[] p, double v, int[] evaluations) {
        p[0] = v;
        return eval(f, p, evaluations);
    }

    private static double eval(Objective f, double[] p, int[] evaluations) {
        evaluations[0]++;
        double v = f.value(p);
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
