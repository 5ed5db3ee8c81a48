"""Parts of the entity resolver (:mod:`extract.resolve`): name reading, profiles, scoring and evaluation."""
