#include "relux/number/matrix.hpp"

#include "relux/error.hpp"

namespace relux {

Matrix Matrix::identity(std::size_t n) {
    Matrix m(n, n);
    for (std::size_t i = 0; i < n; ++i) m(i, i) = 1;
    return m;
}

Vector multiply(const Matrix& m, const Vector& x) {
    RELUX_ASSERT(x.size() == m.cols());
    Vector y(m.rows());
    for (std::size_t i = 0; i < m.rows(); ++i) {
        const Rational* r = m.row(i);
        for (std::size_t j = 0; j < m.cols(); ++j) add_product(y[i], r[j], x[j]);
    }
    return y;
}

Matrix multiply(const Matrix& a, const Matrix& b) {
    RELUX_ASSERT(a.cols() == b.rows());
    Matrix c(a.rows(), b.cols());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t k = 0; k < a.cols(); ++k) {
            const Rational& aik = a(i, k);
            if (aik.is_zero()) continue;
            for (std::size_t j = 0; j < b.cols(); ++j) add_product(c(i, j), aik, b(k, j));
        }
    return c;
}

}  // namespace relux
