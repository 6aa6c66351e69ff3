package io.descent.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

import io.descent.web.ApiException;

/** The filters and sorts of {@code GET /jobs}, translated from API names to entity properties. */
record JobQuery(List<JobStatus> statuses, UUID datasetId, String namePrefix, String optimizer, UUID experimentId) {

    static final Map<String, String> SORTS = Map.of(
            "createdAt", "createdAt",
            "finishedAt", "finishedAt",
            "startedAt", "startedAt",
            "name", "name",
            "status", "status",
            "result.validationLoss", "resultValidationLoss",
            "result.bestValidationLoss", "resultBestValidationLoss",
            "result.validationAccuracy", "resultValidationAccuracy");

    static final int MAX_PAGE_SIZE = 500;

    Specification<Job> toSpecification() {
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (statuses != null && !statuses.isEmpty()) {
                where.add(root.get("status").in(statuses));
            }
            if (datasetId != null) {
                where.add(cb.equal(root.get("datasetId"), datasetId));
            }
            if (experimentId != null) {
                where.add(cb.equal(root.get("experimentId"), experimentId));
            }
            if (namePrefix != null && !namePrefix.isEmpty()) {
                String escaped = namePrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                where.add(cb.like(root.get("name"), escaped + "%", '\\'));
            }
            if (optimizer != null && !optimizer.isEmpty()) {
                where.add(cb.equal(root.get("optimizerType"), optimizer));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    /** Maps the API's sort names onto columns; jobs without a result sort last whichever the direction. */
    static Pageable pageable(Pageable requested) {
        if (requested.getPageSize() > MAX_PAGE_SIZE) {
            throw ApiException.invalid("size", "must be ≤ " + MAX_PAGE_SIZE);
        }
        List<Sort.Order> orders = new ArrayList<>();
        for (Sort.Order o : requested.getSort()) {
            String property = SORTS.get(o.getProperty());
            if (property == null) {
                throw ApiException.invalid("sort", "cannot sort by '" + o.getProperty() + "'; use one of "
                        + String.join(", ", SORTS.keySet().stream().sorted().toList()));
            }
            orders.add(new Sort.Order(o.getDirection(), property).nullsLast());
        }
        if (orders.isEmpty()) {
            orders.add(Sort.Order.desc("createdAt"));
        }
        orders.add(Sort.Order.asc("id"));
        return PageRequest.of(requested.getPageNumber(), requested.getPageSize(), Sort.by(orders));
    }
}
