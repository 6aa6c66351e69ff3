# syntax=docker/dockerfile:1
# Multi-stage build: the wrapper builds the jar on a JDK; a JRE runs it as a non-root user.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY docker/ docker/
COPY src/ src/
RUN ./mvnw -B -ntp -q -DskipTests package && cp target/descent-*.jar /descent.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app descent \
    && mkdir -p /app /data /djl && chown descent /data /djl
WORKDIR /app
COPY --from=build /descent.jar /app/descent.jar
# The same flags the tests start the jar with (docker/jvm.options), DJL offline among them.
COPY docker/jvm.options /app/jvm.options
# H2 files (when no PostgreSQL is configured) and DJL's extracted native library live on volumes.
ENV DESCENT_DATA_DIR=/data \
    DJL_CACHE_DIR=/djl \
    ENGINE_CACHE_DIR=/djl
VOLUME ["/data", "/djl"]
USER descent
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=4 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/descent.jar"]
