package io.descent.job;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id is assigned before it is saved. Spring Data cannot tell such an entity's newness from its id,
 * so save() would look it up first to choose between insert and update (a query per job submitted); this flag tells
 * it instead: new until loaded or stored.
 */
@MappedSuperclass
abstract class AssignedIdEntity<ID> implements Persistable<ID> {

    @Transient
    private boolean isNew = true;

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void stored() {
        isNew = false;
    }
}
