package io.descent.dataset;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Runs a producer of chunks on a thread of its own while the calling thread consumes them, so that parsing an
 * upload and storing it use two cores. The consumer stays on the calling thread because that is where the
 * transaction is. At most {@link #CAPACITY} chunks wait between the two, so memory stays bounded.
 */
final class ChunkHandoff {

    static final int CAPACITY = 2;

    private record Chunk(int index, int firstRow, int rows, byte[] data) {
    }

    private record Done(Object result) {
    }

    private record Failed(Throwable error) {
    }

    private ChunkHandoff() {
    }

    /**
     * @param producer hands its chunks to the sink it is given and returns its result
     * @return the producer's result, once the consumer has taken every chunk
     * @throws RuntimeException whatever the producer or the consumer threw (the producer's own exception)
     */
    @SuppressWarnings("unchecked")
    static <R> R run(String threadName, Function<CsvEncoder.ChunkSink, R> producer, CsvEncoder.ChunkSink consumer) {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
        Thread thread = new Thread(() -> {
            Object last;
            try {
                last = new Done(producer.apply((index, firstRow, rows, data) -> {
                    try {
                        queue.put(new Chunk(index, firstRow, rows, data));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.util.concurrent.CancellationException("the consumer gave up");
                    }
                }));
            } catch (Throwable t) {
                last = new Failed(t);
            }
            try {
                queue.put(last);
            } catch (InterruptedException e) {
                // The consumer gave up and is not listening.
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            while (true) {
                Object item = queue.take();
                if (item instanceof Chunk c) {
                    consumer.accept(c.index(), c.firstRow(), c.rows(), c.data());
                } else if (item instanceof Done d) {
                    return (R) d.result();
                } else {
                    Throwable error = ((Failed) item).error();
                    if (error instanceof RuntimeException e) {
                        throw e;
                    }
                    if (error instanceof Error e) {
                        throw e;
                    }
                    throw new IllegalStateException(error);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing an upload", e);
        } finally {
            // After a failure here the producer may be blocked handing over, or still reading; stop it, and wait so
            // that it no longer reads the upload once the caller returns.
            thread.interrupt();
            joinUninterruptibly(thread);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
