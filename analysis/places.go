package analysis

// IsPlaceName reports whether a folded word names a country, a nation's
// people or language, a continent or a capital ("iran", "iranian",
// "brazil", "tehran"). Students type them in lower case, so a word the
// readings never use is known for a name by this list even when it is not
// capitalised ("does india buy russian oil too"). Multi-word names are
// listed by the word that is no common English word ("korea" for North
// Korea, "arabia" for Saudi Arabia).
func IsPlaceName(word string) bool {
	_, ok := placeNames[word]
	return ok
}

// placeNames are the countries of the world, with their adjectives and
// demonyms, the continents and large regions, and the capitals most often
// in the news, folded to lower case.
var placeNames = setOf(`
afghanistan afghan afghans albania albanian albanians algeria algerian algerians andorra angola angolan
argentina argentine argentinian argentinians armenia armenian armenians australia australian australians
austria austrian austrians azerbaijan azerbaijani azeri bahamas bahrain bahraini bangladesh bangladeshi
barbados belarus belarusian belgium belgian belgians belize benin bhutan bolivia bolivian bosnia bosnian
botswana brazil brazilian brazilians brunei bulgaria bulgarian bulgarians burkina burundi cambodia
cambodian cameroon cameroonian canada canadian canadians chile chilean chileans colombia colombian
colombians comoros congo congolese croatia croatian croatians cuba cuban cubans cyprus cypriot czech
czechia czechs denmark danish danes djibouti dominica ecuador ecuadorian egypt egyptian egyptians eritrea
eritrean estonia estonian estonians eswatini ethiopia ethiopian ethiopians fiji finland finnish finns
france french gabon gambia georgia georgian georgians germany german germans ghana ghanaian greece greek
greeks grenada guatemala guatemalan guinea guyana haiti haitian honduras hungary hungarian hungarians
iceland icelandic india indian indians indonesia indonesian indonesians iran iranian iranians iraq iraqi
iraqis ireland irish israel israeli israelis italy italian italians jamaica jamaican japan japanese
jordan jordanian kazakhstan kazakh kenya kenyan kenyans kiribati korea korean koreans kosovo kuwait
kuwaiti kyrgyzstan kyrgyz laos laotian latvia latvian latvians lebanon lebanese lesotho liberia liberian
libya libyan liechtenstein lithuania lithuanian lithuanians luxembourg madagascar malawi malaysia
malaysian mali maldives malta maltese mauritania mauritius mexico mexican mexicans micronesia moldova
moldovan monaco mongolia mongolian montenegro morocco moroccan mozambique myanmar burma burmese namibia
nauru nepal nepali netherlands dutch nicaragua niger nigeria nigerian nigerians macedonia norway
norwegian norwegians oman pakistan pakistani pakistanis palau palestine palestinian palestinians panama
paraguay peru peruvian philippines filipino filipinos poland poles portugal portuguese qatar
qatari romania romanian romanians rwanda rwandan samoa senegal senegalese serbia serbian serbs
seychelles singapore singaporean slovakia slovak slovenia slovenian somalia somali spain spanish
spaniards sudan sudanese suriname sweden swedish swedes switzerland swiss syria syrian syrians taiwan
taiwanese tajikistan tanzania thailand thai tibet tibetan togo tonga trinidad tunisia tunisian
turkmenistan tuvalu uganda ugandan ukraine ukrainian ukrainians uruguay uzbekistan uzbek vanuatu
vatican venezuela venezuelan vietnam vietnamese yemen yemeni zambia zimbabwe britain british uk
england scotland scottish wales welsh arabia saudi emirates emirati turkiye turkish
russia russian russians china chinese usa america american americans
africa african africans antarctica asia asian asians europe european europeans oceania arctic
caribbean balkans scandinavia scandinavian sahel caucasus kashmir crimea donbas gaza
beijing moscow washington london paris berlin tokyo delhi tehran pyongyang seoul kyiv kiev
ankara riyadh cairo brasilia islamabad kabul baghdad damascus jerusalem canberra ottawa madrid rome
warsaw minsk hanoi manila jakarta taipei havana caracas pretoria nairobi abuja
`)
