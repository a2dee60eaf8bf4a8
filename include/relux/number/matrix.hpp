#pragma once
// Dense exact matrices and vectors.

#include "relux/number/rational.hpp"

#include <cstddef>
#include <vector>

namespace relux {

using Vector = std::vector<Rational>;

/// A dense row-major matrix of rationals.
class Matrix {
public:
    Matrix() = default;
    Matrix(std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols), data_(rows * cols) {}

    static Matrix identity(std::size_t n);

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    Rational& operator()(std::size_t i, std::size_t j) { return data_[i * cols_ + j]; }
    const Rational& operator()(std::size_t i, std::size_t j) const { return data_[i * cols_ + j]; }
    /// Pointer to the first entry of row i (cols() entries follow).
    const Rational* row(std::size_t i) const { return data_.data() + i * cols_; }

    friend bool operator==(const Matrix&, const Matrix&) = default;

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::vector<Rational> data_;
};

/// Exact M x. Precondition: x.size() == M.cols().
Vector multiply(const Matrix& m, const Vector& x);
/// Exact A B. Precondition: A.cols() == B.rows().
Matrix multiply(const Matrix& a, const Matrix& b);

}  // namespace relux
