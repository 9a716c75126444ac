package dev.nines.core.chaos;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/** A random source that returns its script in order, over and over, and counts its draws. */
final class ScriptedRandom implements DoubleSupplier {

    private final double[] script;
    private final AtomicInteger draws = new AtomicInteger();

    private ScriptedRandom(double... script) {
        this.script = script.clone();
    }

    static ScriptedRandom of(double... script) {
        return new ScriptedRandom(script);
    }

    @Override
    public double getAsDouble() {
        return script[Math.floorMod(draws.getAndIncrement(), script.length)];
    }

    int draws() {
        return draws.get();
    }
}
