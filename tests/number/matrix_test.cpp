#define BOOST_TEST_MODULE number_matrix
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/number/matrix.hpp"
#include "test_util.hpp"

#include <random>

using relux::Matrix;
using relux::Rational;
using relux::Vector;

namespace {

Rational q(const char* text) { return Rational::parse(text); }

Matrix matrix(std::initializer_list<std::initializer_list<const char*>> rows) {
    Matrix m(rows.size(), rows.begin()->size());
    std::size_t i = 0;
    for (const auto& row : rows) {
        std::size_t j = 0;
        for (const char* v : row) m(i, j++) = q(v);
        ++i;
    }
    return m;
}

Vector vec(std::initializer_list<const char*> values) {
    Vector v;
    for (const char* x : values) v.push_back(q(x));
    return v;
}

Matrix random_matrix(std::mt19937_64& rng, std::size_t rows, std::size_t cols) {
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
            m(i, j) = rng() % 3 == 0 ? Rational(0) : relux::test::random_rational(rng);
    return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(matrix_vector_products_by_hand) {
    const Matrix m = matrix({{"1/3", "-2/7"}, {"0", "5"}, {"-1", "1/2"}});
    // (1/3 * 3 - 2/7 * 7/2, 5 * 7/2, -3 + 7/4)
    BOOST_TEST((relux::multiply(m, vec({"3", "7/2"})) == vec({"0", "35/2", "-5/4"})));
    BOOST_TEST((relux::multiply(m, vec({"1/2", "1/3"})) == vec({"1/14", "5/3", "-1/3"})));
    BOOST_TEST((relux::multiply(Matrix::identity(2), vec({"2/7", "-1/3"})) == vec({"2/7", "-1/3"})));
    BOOST_TEST((relux::multiply(Matrix(2, 0), Vector{}) == vec({"0", "0"})));
    BOOST_TEST(relux::multiply(Matrix(0, 2), vec({"1", "2"})).empty());
}

BOOST_AUTO_TEST_CASE(matrix_matrix_products_by_hand) {
    const Matrix a = matrix({{"1", "2", "3"}, {"-1/2", "0", "1/3"}});
    const Matrix b = matrix({{"1/7", "0"}, {"2", "-1"}, {"0", "3/5"}});
    // Row 1: (1/7 + 4, -2 + 9/5); row 2: (-1/14, 1/5)
    BOOST_TEST((relux::multiply(a, b) == matrix({{"29/7", "-1/5"}, {"-1/14", "1/5"}})));
    BOOST_TEST((relux::multiply(b, a) ==
                matrix({{"1/7", "2/7", "3/7"}, {"5/2", "4", "17/3"}, {"-3/10", "0", "1/5"}})));
    BOOST_TEST((relux::multiply(Matrix::identity(2), a) == a));
    BOOST_TEST((relux::multiply(a, Matrix::identity(3)) == a));
}

BOOST_AUTO_TEST_CASE(identity_rows_and_equality) {
    const Matrix id = Matrix::identity(3);
    BOOST_TEST(id.rows() == 3u);
    BOOST_TEST(id.cols() == 3u);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(id(i, j) == Rational(i == j ? 1 : 0));
    const Matrix m = matrix({{"1", "2"}, {"3/4", "5"}});
    BOOST_TEST(m.row(1)[0] == q("3/4"));
    BOOST_TEST(m.row(1)[1] == Rational(5));
    Matrix n = m;
    BOOST_TEST((n == m));
    n(0, 1) = q("2/1");
    BOOST_TEST((n == m));
    n(0, 1) = q("1/2");
    BOOST_TEST(!(n == m));
    BOOST_TEST(!(Matrix(2, 3) == Matrix(3, 2)));
}

BOOST_AUTO_TEST_CASE(products_are_associative_on_random_rationals) {
    const auto seed = relux::test::seed(11);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int k = 0; k < relux::test::scaled(200); ++k) {
            const std::size_t r = 1 + rng() % 4, s = 1 + rng() % 4, t = 1 + rng() % 4;
            const Matrix a = random_matrix(rng, r, s), b = random_matrix(rng, s, t);
            Vector x;
            for (std::size_t i = 0; i < t; ++i) x.push_back(relux::test::random_rational(rng));
            BOOST_TEST(
                (relux::multiply(relux::multiply(a, b), x) == relux::multiply(a, relux::multiply(b, x))));
            // Entry by entry against the definition.
            const Matrix ab = relux::multiply(a, b);
            for (std::size_t i = 0; i < r; ++i)
                for (std::size_t j = 0; j < t; ++j) {
                    Rational sum = 0;
                    for (std::size_t l = 0; l < s; ++l) sum += a(i, l) * b(l, j);
                    BOOST_TEST(ab(i, j) == sum);
                }
        }
    }
}

BOOST_AUTO_TEST_CASE(mismatched_sizes_are_internal_errors) {
    BOOST_CHECK_THROW(relux::multiply(Matrix(2, 3), vec({"1", "2"})), relux::InternalError);
    BOOST_CHECK_THROW(relux::multiply(Matrix(2, 3), Matrix(2, 3)), relux::InternalError);
}
