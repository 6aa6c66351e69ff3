package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;

/** Uploaded bytes that can be read more than once, so that a large file is streamed twice instead of held. */
interface CsvSource {

    /** The client's file name, or null. */
    String filename();

    InputStream open() throws IOException;
}
