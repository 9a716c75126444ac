package dev.nines.core.hedge;

/** The two constant gates, named in {@link HedgeConfig#toString()}. */
enum Gates implements HedgeGate {
    ALWAYS_OPEN(true),
    CLOSED(false);

    private final boolean open;

    Gates(boolean open) {
        this.open = open;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
