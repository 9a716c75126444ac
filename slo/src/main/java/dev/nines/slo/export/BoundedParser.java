package dev.nines.slo.export;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * A parser that knows where it is: it passes the events of another parser on to the composer,
 * keeping the path of the current node (e.g. {@code spec.objectives[0].target}) and refusing,
 * before the composer builds them, collections nested deeper than a limit, more nodes than a limit
 * and keys longer than a limit. Errors name that path and the line.
 */
final class BoundedParser implements Parser {

    /** The longest key accepted, in characters (snakeyaml's own limit on implicit keys). */
    static final int MAX_KEY = 1024;

    /** One open collection: a mapping waiting for a key or a value, or a sequence and its next index. */
    private static final class Frame {
        final boolean mapping;
        boolean expectKey = true;
        String key = "";
        int index;

        Frame(boolean mapping) {
            this.mapping = mapping;
        }
    }

    private final Parser delegate;
    private final int maxDepth;
    private final int maxNodes;
    private int nodes;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private int line = 1;

    BoundedParser(Parser delegate, int maxDepth, int maxNodes) {
        this.delegate = delegate;
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
    }

    /** The path of the node being read, {@code document} at the root. */
    String path() {
        StringBuilder b = new StringBuilder();
        Iterator<Frame> it = frames.descendingIterator();
        while (it.hasNext()) {
            Frame f = it.next();
            if (f.mapping) {
                if (!f.expectKey) {
                    b.append(b.length() == 0 ? "" : ".").append(f.key);
                }
            } else {
                b.append('[').append(f.index).append(']');
            }
        }
        return b.length() == 0 ? "document" : b.toString();
    }

    /** The 1-based line of the last event passed on. */
    int line() {
        return line;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return delegate.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    @Override
    public Event next() {
        Event event = delegate.next();
        line = event.getStartMark().map(Mark::getLine).orElse(line - 1) + 1;
        Event.ID id = event.getEventId();
        if ((id == Event.ID.Scalar
                        || id == Event.ID.Alias
                        || id == Event.ID.MappingStart
                        || id == Event.ID.SequenceStart)
                && ++nodes > maxNodes) {
            throw new OpenSloFormatException(
                    path(),
                    "makes the document hold more than " + maxNodes + " nodes (OpenSlo.ReadOptions.maxNodes)",
                    line);
        }
        switch (id) {
            case MappingStart:
            case SequenceStart:
                if (frames.size() >= maxDepth) {
                    throw new OpenSloFormatException(
                            path(),
                            "nests deeper than " + maxDepth + " collections (OpenSlo.ReadOptions.maxDepth)",
                            line);
                }
                frames.push(new Frame(event.getEventId() == Event.ID.MappingStart));
                break;
            case MappingEnd:
            case SequenceEnd:
                frames.pop();
                valueDone();
                break;
            case Scalar:
            case Alias:
                Frame top = frames.peek();
                if (top != null && top.mapping && top.expectKey) {
                    String key = event instanceof ScalarEvent scalarEvent ? scalarEvent.getValue() : "*alias";
                    if (key.length() > MAX_KEY) {
                        throw new OpenSloFormatException(
                                path(), "has a key of " + key.length() + " characters, more than " + MAX_KEY, line);
                    }
                    top.key = OpenSloReader.clip(key);
                    top.expectKey = false;
                } else {
                    valueDone();
                }
                break;
            default:
                break;
        }
        return event;
    }

    /** A node ended: the enclosing mapping waits for its next key, the sequence moves on. */
    private void valueDone() {
        Frame top = frames.peek();
        if (top == null) {
            return;
        }
        if (top.mapping) {
            if (top.expectKey) {
                top.expectKey = false; // a collection used as a key; the composer rejects it
            } else {
                top.expectKey = true;
            }
        } else {
            top.index++;
        }
    }
}
