// `relux check CERT.json [--json]`: re-verify a certificate with the independent checker.

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/certify/certificate.hpp"
#include "relux/net/json_io.hpp"

#include <iostream>
#include <memory>
#include <string>

namespace relux::cli {

namespace {

struct CheckOptions {
    std::string certificate;
    bool json = false;
};

void run_check(const CheckOptions& o) {
    const std::string name = o.certificate == "-" ? std::string("<stdin>") : o.certificate;
    const Certificate cert = parse_certificate_json(read_text_file(o.certificate), name);
    const CheckResult result = check_certificate(cert);
    if (o.json) {
        Json j = Json::object();
        j["certificate"] = name;
        j["kind"] = std::string(to_string(cert.kind));
        j["holds"] = result.holds;
        j["cells"] = cert.cells.size();
        if (result.holds) j["summary"] = result.summary;
        else j["failure"] = result.failure;
        std::cout << pretty_json(j);
    } else if (result.holds) {
        std::cout << "holds: " << result.summary << "\n";
    } else {
        std::cout << "FAILS: " << result.failure << "\n";
    }
    if (!result.holds) throw PropertyFalse(name + ": the certificate does not verify: " + result.failure);
}

}  // namespace

void add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* cmd = app.add_subcommand("check", "Re-verify a certificate with the independent checker");
    cmd->add_option("CERT", options->certificate, "Certificate file (relux-certificate JSON); - for stdin")
        ->type_name("FILE")
        ->required();
    cmd->add_flag("--json", options->json, "Print JSON");
    cmd->footer(
        "Exit 0 when every item verifies (prints \"holds: ...\"), 1 when one fails (prints \"FAILS: \" and\n"
        "the first failing item), 2 when the file is malformed. The format is docs/certificate-format.md;\n"
        "what the checker proves is written in proofs/certificate-cpwl.md.");
    cmd->callback([options] { run_check(*options); });
}

}  // namespace relux::cli
