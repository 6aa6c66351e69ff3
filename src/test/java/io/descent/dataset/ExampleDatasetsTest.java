package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Pageable;

@SpringBootTest(properties = {"spring.datasource.url=jdbc:h2:mem:examples;DB_CLOSE_DELAY=-1",
        "descent.examples.enabled=true"})
class ExampleDatasetsTest {

    @Autowired
    ExampleDatasets examples;

    @Autowired
    DatasetService service;

    @Autowired
    DatasetCatalog catalog;

    Map<String, DatasetView> byName() {
        return service.list(Pageable.ofSize(100)).getContent().stream()
                .collect(Collectors.toMap(DatasetView::name, Function.identity()));
    }

    @Test
    void importedOnceAtStartupAndNotAgain() {
        examples.run(new DefaultApplicationArguments());
        Map<String, DatasetView> datasets = byName();
        assertThat(service.list(Pageable.ofSize(100)).getContent()).hasSize(3);

        DatasetView iris = datasets.get("iris");
        assertThat(iris.id()).hasToString("11111111-1111-4111-8111-111111111111");
        assertThat(datasets.get("wine").id()).isEqualTo(ExampleDatasets.WINE);
        assertThat(iris.rows()).isEqualTo(150);
        assertThat(iris.label().classes()).containsExactly("0", "1", "2");
        assertThat(iris.inputSize()).isEqualTo(4);
        assertThat(datasets.get("wine").rows()).isEqualTo(178);
        assertThat(datasets.get("wine").inputSize()).isEqualTo(13);
        DatasetView diabetes = datasets.get("diabetes");
        assertThat(diabetes.task()).isEqualTo(Task.REGRESSION);
        assertThat(diabetes.label().name()).isEqualTo("target");
        assertThat(diabetes.label().classes()).isNull();
        assertThat(diabetes.rows()).isEqualTo(442);

        DatasetTable table = catalog.load(diabetes.id());
        assertThat(table.features()).hasSize(10);
        assertThat(table.features().get(0).values()[0]).isEqualTo(59f);
        assertThat(table.labels()[0]).isEqualTo(151f);
        assertThat(table.labels()[1]).isEqualTo(75f);
    }
}
