package keeper_test

import (
	"testing"

	"cosmossdk.io/math"

	"github.com/civitas-chain/civitas/testutil/ocds"
)

// FuzzOCDSExport: whatever text and amounts a tender holds (titles and
// descriptions are free text from officers), its OCDS release package is
// valid JSON that the OCDS 1.1 schema accepts.
func FuzzOCDSExport(f *testing.F) {
	fx := newFixture(f)
	res, err := fx.ms.PublishTender(fx.ctx, fx.tenderMsg())
	if err != nil {
		f.Fatal(err)
	}
	tid := res.TenderId
	f.Add("Road resurfacing", "Lot 1 <b>&amp;", "Kõik € 5", uint64(1))
	f.Add("\xff\xfe\"}\n", "", "\u2028", uint64(0))
	f.Fuzz(func(t *testing.T, title, desc, lotTitle string, ceiling uint64) {
		ctx, _ := fx.ctx.CacheContext()
		tn, err := fx.k.Tenders.Get(ctx, tid)
		if err != nil {
			t.Fatal(err)
		}
		tn.Title, tn.Description = title, desc
		tn.Lots[0].Title = lotTitle
		if ceiling > 0 {
			tn.Lots[0].Ceiling = math.NewIntFromUint64(ceiling)
		}
		if err := fx.k.Tenders.Set(ctx, tid, tn); err != nil {
			t.Fatal(err)
		}
		pkg, err := fx.k.OCDSPackage(ctx, tid)
		if err != nil {
			t.Fatal(err)
		}
		ocds.RequireValid(t, pkg)
	})
}
