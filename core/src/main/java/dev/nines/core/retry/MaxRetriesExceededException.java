package dev.nines.core.retry;

/**
 * Thrown when {@code failAfterMaxAttempts} is set and the result of the last allowed attempt is
 * still rejected by {@code retryOnResult} (resilience4j's exception of the same name).
 */
public final class MaxRetriesExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String retryName;
    private final int numberOfAttempts;

    /**
     * Creates the exception.
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the attempts made
     */
    public MaxRetriesExceededException(String retryName, int numberOfAttempts) {
        super(
                "Retry '" + retryName + "' gave up after " + numberOfAttempts
                        + " attempts and the last result was still rejected",
                null,
                false,
                true);
        this.retryName = retryName;
        this.numberOfAttempts = numberOfAttempts;
    }

    /**
     * Returns the retry's name.
     *
     * @return the name
     */
    public String retryName() {
        return retryName;
    }

    /**
     * Returns the number of attempts made.
     *
     * @return the attempts
     */
    public int numberOfAttempts() {
        return numberOfAttempts;
    }
}
