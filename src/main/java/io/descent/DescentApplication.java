package io.descent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DescentApplication {

    public static void main(String[] args) {
        SpringApplication.run(DescentApplication.class, args);
    }
}
