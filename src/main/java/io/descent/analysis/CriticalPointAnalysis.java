package io.descent.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer of {@code /jobs/{id}/critical-point}. */
@Schema(name = "CriticalPointAnalysis", description = """
        The second-order test of the full training loss (dropout off, original units) at the trained parameters. \
        Thresholds: NOT_CRITICAL when gradientNorm > gradientTolerance = 0.05 · max(loss, 0.001); otherwise, with \
        eigenvalueTolerance τ = 0.001 · max|λ|: SADDLE_POINT when minEigenvalue < −τ < τ < maxEigenvalue, \
        LOCAL_MAXIMUM when minEigenvalue < −τ and maxEigenvalue ≤ τ, else LOCAL_MINIMUM.""")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CriticalPointAnalysis(
        @Schema(description = "‖∇L‖ at the trained parameters", example = "1.2e-4") double gradientNorm,
        @Schema(description = "Smallest Hessian eigenvalue (Lanczos)", example = "-0.03") double minEigenvalue,
        @Schema(description = "Largest Hessian eigenvalue (Lanczos): the sharpness", example = "41.7") double maxEigenvalue,
        @Schema(description = "LOCAL_MINIMUM, SADDLE_POINT, LOCAL_MAXIMUM or NOT_CRITICAL", example = "SADDLE_POINT")
        CriticalPointVerdict verdict,
        @Schema(description = "Number of trainable parameters", example = "1930") int parameters,
        @Schema(description = "How the eigenvalues were found: lanczos-hvp (Lanczos on finite-difference "
                + "Hessian-vector products)", example = "lanczos-hvp") String method,
        @Schema(description = "SADDLE_POINT only: the lowest loss found along the negative-curvature eigenvector",
                example = "0.0041") Double escapeDirectionLoss,
        @Schema(description = "SADDLE_POINT only: the signed step length along that unit eigenvector", example = "0.25")
        Double escapeStep,
        @Schema(description = "The training loss at the trained parameters", example = "0.0052") double loss,
        @Schema(description = "The gradient norm at or below which the point counts as critical", example = "5.2e-5")
        double gradientTolerance,
        @Schema(description = "|λ| at or below which an eigenvalue counts as zero", example = "0.0417")
        double eigenvalueTolerance,
        @Schema(description = "An extreme eigenvalue is within tolerance of zero: some direction is flat to second "
                + "order and the test cannot see beyond it", example = "false") boolean degenerate,
        @Schema(description = "Finite-difference step ε of the Hessian-vector products", example = "0.012")
        double hvpStep,
        @Schema(description = "Lanczos iterations (Hessian-vector products) used", example = "60") int lanczosIterations,
        @Schema(description = "\"full-hessian\" when the whole Hessian was built as a cross-check (models with at most "
                + "2000 parameters)", example = "full-hessian") String crossCheck,
        @Schema(description = "Smallest eigenvalue of the full Hessian", example = "-0.031") Double fullHessianMinEigenvalue,
        @Schema(description = "Largest eigenvalue of the full Hessian", example = "41.69") Double fullHessianMaxEigenvalue,
        @Schema(description = "Eigenvalues of the full Hessian below −eigenvalueTolerance", example = "3")
        Integer fullHessianNegativeEigenvalues,
        @Schema(description = "Relative size of the antisymmetric part of the finite-difference Hessian before "
                + "symmetrizing: an estimate of its numerical noise", example = "2.0e-5") Double fullHessianAsymmetry) {
}
