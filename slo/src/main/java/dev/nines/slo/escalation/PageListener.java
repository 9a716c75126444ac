package dev.nines.slo.escalation;

/**
 * Delivers pages: a pager service, a chat webhook, a phone bridge. Called on the scheduler's
 * thread; if it throws, the {@link Escalator} logs the failure and pages the next level at once.
 *
 * <pre>{@code
 * PageListener webhook = page -> http.send(post(uri, toJson(page)), BodyHandlers.discarding());
 * }</pre>
 */
@FunctionalInterface
public interface PageListener {

    /**
     * Delivers one page.
     *
     * @param page the page
     * @throws Exception if it could not be delivered
     */
    void deliver(Page page) throws Exception;
}
