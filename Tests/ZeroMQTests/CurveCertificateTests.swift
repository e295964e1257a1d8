import Foundation
import Testing
import ZeroMQ

/// CURVE key files in czmq's zcert / pyzmq's `zmq.auth` text form, and Z85.
@Suite("CURVE certificates and Z85")
struct CurveCertificateTests {
    @Test("Z85 round-trips 32-byte keys and refuses what is not Z85")
    func z85() throws {
        let keys = try CurveKeyPair.generate()
        let raw = try #require(Z85.decode(keys.publicKey))
        #expect(raw.count == 32 && Z85.encode(raw) == keys.publicKey)
        #expect(Z85.isKey(keys.secretKey))
        #expect(!Z85.isKey("short") && !Z85.isKey(String(repeating: "~", count: 40)))
        #expect(Z85.encode([1, 2, 3]) == nil)
    }

    @Test("a secret certificate's text reads back as the same pair; a public one has no secret")
    func roundTrip() throws {
        let keys = try CurveKeyPair.generate()
        let secret = CurveCertificate(keys: keys)
        #expect(try CurveCertificate.parse(try #require(secret.secretText), file: "a.key_secret") == secret)
        let publicOnly = try CurveCertificate.parse(secret.publicText, file: "a.key")
        #expect(publicOnly == CurveCertificate(publicKey: keys.publicKey) && publicOnly.keyPair == nil)
        #expect(!"\(secret)".contains(keys.secretKey))
    }

    @Test("pyzmq's certificate layout reads (keys may contain '=' and '#')")
    func pyzmqLayout() throws {
        // The layout zmq.auth.create_certificates writes, with the client pair of libzmq's test_security_curve.
        let text = """
            #   ****  Generated on 2026-01-01 00:00:00 by pyzmq  ****
            #   ZeroMQ CURVE **Secret** Certificate
            #   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.

            metadata
            curve
                public-key = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
                secret-key = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"
            """
        let certificate = try CurveCertificate.parse(text, file: "server.key_secret")
        #expect(certificate.publicKey == "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID")
        #expect(certificate.secretKey == "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs")
    }

    @Test(
        "refusals name the file and the fault",
        arguments: [
            ("metadata\ncurve\n", "no public-key"),
            ("public-key = \"abc\"\n", "not a 40-character Z85 key"),
            (
                "public-key = \"Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID\"\npublic-key = \"Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID\"\n",
                "twice"
            ),
            (
                "public-key = \"rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7\"\nsecret-key = \"D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs\"\n",
                "does not belong"
            ),
        ])
    func refusals(text: String, word: String) {
        #expect {
            _ = try CurveCertificate.parse(text, file: "k.key")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix("k.key: ") && description.contains(word)
        }
    }

    @Test("a missing file is named")
    func missingFile() {
        #expect(throws: CurveCertificateError.self) { try CurveCertificate.read(path: "/nonexistent/x.key") }
    }
}
