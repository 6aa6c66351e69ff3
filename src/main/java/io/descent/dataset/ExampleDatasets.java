package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Imports the bundled example datasets at startup, each only if no dataset has its name yet, so that restarts
 * and a user who deleted nothing see each example once. A user who deletes an example gets it back on restart.
 */
@Component
class ExampleDatasets implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ExampleDatasets.class);

    /** Fixed ids, so that documentation and Swagger UI examples can name the example datasets as they stand. */
    record Example(UUID id, String name, String label, Task task) {
    }

    static final UUID IRIS = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID WINE = UUID.fromString("22222222-2222-4222-8222-222222222222");
    static final UUID DIABETES = UUID.fromString("33333333-3333-4333-8333-333333333333");

    static final List<Example> EXAMPLES = List.of(
            new Example(IRIS, "iris", "label", Task.CLASSIFICATION),
            new Example(WINE, "wine", "label", Task.CLASSIFICATION),
            new Example(DIABETES, "diabetes", "target", Task.REGRESSION));

    private final ExamplesProperties properties;
    private final DatasetRepository datasets;
    private final DatasetService service;

    ExampleDatasets(ExamplesProperties properties, DatasetRepository datasets, DatasetService service) {
        this.properties = properties;
        this.datasets = datasets;
        this.service = service;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.enabled()) {
            return;
        }
        for (Example example : EXAMPLES) {
            if (datasets.existsById(example.id())) {
                continue;
            }
            ClassPathResource resource = new ClassPathResource("examples/" + example.name() + ".csv");
            DatasetView view = service.upload(new CsvSource() {
                @Override
                public String filename() {
                    return resource.getFilename();
                }

                @Override
                public InputStream open() throws IOException {
                    return resource.getInputStream();
                }
            }, example.name(), example.label(), example.task(), example.id());
            log.info("Imported example dataset {} ({} rows) as {}", view.name(), view.rows(), view.id());
        }
    }
}
