package io.descent.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param enabled import the bundled example datasets (iris, wine, diabetes) at startup when missing */
@ConfigurationProperties("descent.examples")
record ExamplesProperties(@DefaultValue("true") boolean enabled) {
}
