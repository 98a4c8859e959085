from relais.lib.receipts import LENGTH, new_receipt, normalise


def test_a_new_receipt_reads_back_as_itself():
    receipt = new_receipt()
    assert len(normalise(receipt)) == LENGTH
